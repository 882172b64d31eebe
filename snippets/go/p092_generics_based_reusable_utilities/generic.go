// Package generic shows P092: small helpers written once with type
// parameters, each constrained to exactly what it needs.
package generic

import (
	"cmp"
	"fmt"
)

// Clamp limits v to [lo, hi] for any ordered type: integers, floats,
// strings, and named types built on them. Reversed bounds are a caller's
// bug, so Clamp panics rather than guess.
func Clamp[T cmp.Ordered](v, lo, hi T) T {
	if hi < lo {
		panic(fmt.Sprintf("generic.Clamp: bounds reversed: lo=%v hi=%v", lo, hi))
	}
	return min(max(v, lo), hi)
}

// Dedupe returns items without repeats, keeping the first of each, in
// order. comparable is the constraint that allows == and map keys.
func Dedupe[T comparable](items []T) []T {
	seen := make(map[T]struct{}, len(items))
	unique := make([]T, 0, len(items))
	for _, item := range items {
		if _, ok := seen[item]; ok {
			continue
		}
		seen[item] = struct{}{}
		unique = append(unique, item)
	}
	return unique
}

// Number is a custom constraint. The ~ admits named types whose underlying
// type is listed, so a Cents defined as int64 satisfies it.
type Number interface {
	~int | ~int32 | ~int64 | ~float64
}

// Sum adds the items; the result has the caller's type, not int64.
func Sum[T Number](items []T) T {
	var total T
	for _, item := range items {
		total += item
	}
	return total
}

// Retry calls fn up to attempts times while retryable says its error is
// worth another try, and returns the first success or the last error.
// T is whatever fn returns, so callers need no type assertion.
func Retry[T any](attempts int, retryable func(error) bool, fn func() (T, error)) (T, error) {
	if attempts < 1 {
		var zero T
		return zero, fmt.Errorf("generic.Retry: attempts must be at least 1, got %d", attempts)
	}
	var (
		result T
		err    error
	)
	for range attempts {
		result, err = fn()
		if err == nil || !retryable(err) {
			return result, err
		}
	}
	return result, err
}
