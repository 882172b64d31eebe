//go:build go1.23

// Package iterators shows P067: hide a paged source behind a lazy
// range-over-func iterator, and compose iterators without loading anything.
package iterators

import "iter"

// FetchPage returns one page of items and the cursor of the next page, or ""
// after the last page. The empty cursor asks for the first page.
type FetchPage[T any] func(cursor string) ([]T, string, error)

// All returns every item of a paged source as a lazy sequence. A page is
// fetched only when the loop needs its first item, nothing more is fetched
// once the loop stops, and every range over the result starts at page one.
// A fetch error is yielded once, as the last pair, and ends the sequence.
func All[T any](fetch FetchPage[T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		cursor := ""
		for {
			items, next, err := fetch(cursor)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, item := range items {
				if !yield(item, nil) {
					return
				}
			}
			if next == "" {
				return
			}
			cursor = next
		}
	}
}

// Filter yields the items for which keep is true; errors always pass through.
func Filter[T any](seq iter.Seq2[T, error], keep func(T) bool) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for item, err := range seq {
			if err != nil || keep(item) {
				if !yield(item, err) {
					return
				}
			}
		}
	}
}

// Take yields at most n pairs of seq, then stops pulling from it.
func Take[T any](seq iter.Seq2[T, error], n int) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		if n <= 0 {
			return
		}
		taken := 0
		for item, err := range seq {
			if !yield(item, err) {
				return
			}
			if taken++; taken == n {
				return
			}
		}
	}
}
