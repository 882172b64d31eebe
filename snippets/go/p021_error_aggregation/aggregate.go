// Package aggregate shows P021: collect every error and return them together
// with errors.Join, so the caller learns about all of them in one go.
package aggregate

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
)

// FieldError is one invalid field; Field is its path, such as lines[1].quantity.
type FieldError struct {
	Field   string
	Problem string
}

func (e *FieldError) Error() string { return e.Field + " " + e.Problem }

// ErrOutOfStock is wrapped by every stock failure, so errors.Is finds it in a join.
var ErrOutOfStock = errors.New("out of stock")

type Line struct {
	SKU      string
	Quantity int
}

type Order struct {
	CustomerID string
	Lines      []Line
}

func validateLine(i int, line Line) error {
	var errs []error
	if line.SKU == "" {
		errs = append(errs, &FieldError{fmt.Sprintf("lines[%d].sku", i), "is required"})
	}
	if line.Quantity < 1 {
		errs = append(errs, &FieldError{fmt.Sprintf("lines[%d].quantity", i), "must be at least 1"})
	}
	return errors.Join(errs...) // nil when errs is empty
}

// Validate checks every field and returns all the problems joined, or nil.
func Validate(o Order) error {
	var errs []error
	if strings.TrimSpace(o.CustomerID) == "" {
		errs = append(errs, &FieldError{"customer_id", "is required"})
	}
	if len(o.Lines) == 0 {
		errs = append(errs, &FieldError{"lines", "must not be empty"})
	}
	for i, line := range o.Lines {
		errs = append(errs, validateLine(i, line)) // Join skips the nils of valid lines
	}
	return errors.Join(errs...)
}

// CheckAll runs check for every line at once and waits for all of them. The
// failures are joined in line order, whichever finished first. Unlike an
// errgroup, it does not stop or report at the first failure.
func CheckAll(ctx context.Context, lines []Line, check func(context.Context, Line) error) error {
	errs := make([]error, len(lines)) // one slot per goroutine: no lock needed
	var wg sync.WaitGroup
	for i, line := range lines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = check(ctx, line)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Leaves flattens a tree of joined errors into its leaves, depth first.
// Anything with an Unwrap() []error method counts as a join, including
// fmt.Errorf with several %w verbs, whose own text is then dropped.
func Leaves(err error) []error {
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		if err == nil {
			return nil
		}
		return []error{err}
	}
	var out []error
	for _, inner := range joined.Unwrap() {
		out = append(out, Leaves(inner)...)
	}
	return out
}

// Problems is the boundary: a status and one line per problem. Field errors
// come first and make it a 400; stock failures alone make it a 409; anything
// else is a 500 whose text stays out of the response.
func Problems(err error) (int, []string) {
	var invalid, short []string
	for _, leaf := range Leaves(err) {
		var field *FieldError
		switch {
		case errors.As(leaf, &field):
			invalid = append(invalid, field.Error())
		case errors.Is(leaf, ErrOutOfStock):
			short = append(short, leaf.Error())
		default:
			return http.StatusInternalServerError, []string{"internal error"}
		}
	}
	switch {
	case err == nil:
		return http.StatusCreated, nil
	case len(invalid) > 0:
		return http.StatusBadRequest, append(invalid, short...)
	default:
		return http.StatusConflict, short
	}
}
