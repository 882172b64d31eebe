// Package shop is the caller in P085: it needs retries and slugs, and gets
// each from a package named for what it provides, not from a utils package.
package shop

import (
	"example.com/patterns/p085_single_responsibility_packages/retry"
	"example.com/patterns/p085_single_responsibility_packages/slug"
)

// Product is an item in the catalog.
type Product struct {
	Title string
	Path  string
}

// Publish stores a product under the slug of its title, retrying the store.
func Publish(title string, attempts int, store func(Product) error) (Product, error) {
	p := Product{Title: title, Path: "/products/" + slug.Make(title)}
	err := retry.Do(attempts, func() error { return store(p) })
	return p, err
}
