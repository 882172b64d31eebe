// Package retry runs an operation again when it fails. That is all it does.
package retry

import "fmt"

// Do calls op up to attempts times and stops at the first success. The error
// of the last attempt is returned, wrapped with the number of attempts made.
func Do(attempts int, op func() error) error {
	if attempts < 1 {
		return fmt.Errorf("retry: attempts must be at least 1, got %d", attempts)
	}
	var err error
	for i := 1; i <= attempts; i++ {
		if err = op(); err == nil {
			return nil
		}
	}
	return fmt.Errorf("retry: gave up after %d attempts: %w", attempts, err)
}
