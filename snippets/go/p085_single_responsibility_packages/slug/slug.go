// Package slug turns titles into URL path segments. That is all it does.
package slug

import (
	"strings"
	"unicode"
)

// Make lower-cases title, keeps ASCII letters and digits, and joins the
// words with single hyphens: "Go & Python: 2 Ways" becomes "go-python-2-ways".
func Make(title string) string {
	words := strings.FieldsFunc(strings.ToLower(title), func(r rune) bool {
		return r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r))
	})
	return strings.Join(words, "-")
}
