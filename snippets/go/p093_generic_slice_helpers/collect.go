// Package collect shows P093: slice helpers with type parameters. Go has
// no comprehensions, so Map, Filter and Reduce replace loops that would
// otherwise be written again at every call site.
package collect

import "fmt"

// Map returns fn applied to each item, in order. The result is never nil.
func Map[E, R any](xs []E, f func(E) R) []R {
	out := make([]R, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

// Filter returns the items for which keep is true, in order. It allocates a
// new slice and never modifies items; see slices.DeleteFunc for in place.
func Filter[E any](xs []E, keep func(E) bool) []E {
	out := make([]E, 0, len(xs))
	for _, x := range xs {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

// Reduce folds the items into one value, starting from seed.
func Reduce[E, A any](xs []E, seed A, step func(A, E) A) A {
	for _, x := range xs {
		seed = step(seed, x)
	}
	return seed
}

// GroupBy returns the items per key, each group in input order. Map
// iteration order is random: sort the keys before printing or comparing.
func GroupBy[E any, K comparable](xs []E, keyOf func(E) K) map[K][]E {
	out := map[K][]E{}
	for _, x := range xs {
		k := keyOf(x)
		out[k] = append(out[k], x)
	}
	return out
}

// Partition splits items into those matching pred and the rest, in one pass.
func Partition[E any](xs []E, pred func(E) bool) (matching, rest []E) {
	for _, x := range xs {
		if pred(x) {
			matching = append(matching, x)
		} else {
			rest = append(rest, x)
		}
	}
	return matching, rest
}

// KeyBy indexes items by a key that must be unique, returning an error
// rather than keeping the last of two items with the same key.
func KeyBy[E any, K comparable](xs []E, keyOf func(E) K) (map[K]E, error) {
	index := make(map[K]E, len(xs))
	for _, x := range xs {
		k := keyOf(x)
		if _, dup := index[k]; dup {
			return nil, fmt.Errorf("collect.KeyBy: duplicate key %v", k)
		}
		index[k] = x
	}
	return index, nil
}
