// Package duration shows P080 with a strict parser for durations such as
// "1h30m": the function is small, and its table of cases is the point.
package duration

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"time"
)

// Go's regexp (RE2) reads \d as ASCII 0-9 only, and $ without the m flag as
// the end of the text only, so this pattern rejects both "5m\n" and "\uff15m"
// (a fullwidth 5), the two inputs the same pattern lets through in Python.
var pattern = regexp.MustCompile(`^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$`)

var units = [3]time.Duration{time.Hour, time.Minute, time.Second}

// Parse reads a duration written as whole hours, minutes and seconds, each at
// most once and in that order: "1h30m", "45s", "2h0m5s". Unlike
// time.ParseDuration it refuses fractions, signs and smaller units, so a
// configuration value means one thing. Errors quote the input.
func Parse(s string) (time.Duration, error) {
	groups := pattern.FindStringSubmatch(s)
	if s == "" || groups == nil {
		return 0, fmt.Errorf("invalid duration %+q: expected whole hours, minutes and seconds in that order, like \"1h30m\" or \"45s\"", s)
	}
	var total time.Duration
	for i, digits := range groups[1:] {
		if digits == "" {
			continue
		}
		n, err := strconv.ParseInt(digits, 10, 64)
		// time.Duration counts nanoseconds in an int64: about 292 years.
		if err != nil || time.Duration(n) > (math.MaxInt64-total)/units[i] {
			return 0, fmt.Errorf("invalid duration %+q: too large", s)
		}
		total += time.Duration(n) * units[i]
	}
	return total, nil
}
