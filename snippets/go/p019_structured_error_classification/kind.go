// Package errkind shows P019: errors carry a kind, and the HTTP boundary turns
// kinds into statuses through one table, the same way on every endpoint.
package errkind

import (
	"encoding/json"
	"errors"
	"log"
	"net/http"
)

// Kind says what went wrong from the caller's side. The zero value is
// Internal, so an error nobody classified is treated as a bug.
type Kind int

const (
	Internal    Kind = iota // a bug or an unexpected failure: 500, message hidden
	Invalid                 // the request is wrong and will fail again unchanged
	NotFound                // the named resource does not exist
	Conflict                // valid, but clashes with the current state
	Unavailable             // a dependency is down; the same request may work later
	numKinds
)

var codes = [numKinds]string{
	Internal:    "internal",
	Invalid:     "invalid",
	NotFound:    "not_found",
	Conflict:    "conflict",
	Unavailable: "unavailable",
}

// String returns the code clients see in the response body.
func (k Kind) String() string {
	if k < 0 || k >= numKinds {
		return "internal"
	}
	return codes[k]
}

// Kinds lists every kind, so a test can check that each one has a status.
func Kinds() []Kind {
	kinds := make([]Kind, numKinds)
	for i := range kinds {
		kinds[i] = Kind(i)
	}
	return kinds
}

// Error is an error with a kind. Msg is written for the client; Err is the
// cause, kept for the log and for errors.Is and errors.As.
type Error struct {
	Kind Kind
	Msg  string
	Err  error
}

func (e *Error) Error() string {
	if e.Err == nil {
		return e.Msg
	}
	return e.Msg + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the kind of the outermost *Error in err's chain, or Internal.
// The outermost wins: a layer that reclassifies an error knows more about
// this request than the layer it called.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// httpStatus is the one table from kind to status. It has exactly numKinds
// entries, so a kind added without a status is a zero that the tests catch.
var httpStatus = [numKinds]int{
	Internal:    http.StatusInternalServerError,
	Invalid:     http.StatusBadRequest,
	NotFound:    http.StatusNotFound,
	Conflict:    http.StatusConflict,
	Unavailable: http.StatusServiceUnavailable,
}

// HTTPStatus returns the status for k; an out-of-range kind is a 500.
func HTTPStatus(k Kind) int {
	if k < 0 || k >= numKinds {
		return http.StatusInternalServerError
	}
	return httpStatus[k]
}

type errorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// WriteError is the only place that turns an error into a response. The
// client gets the kind's code and, for a classified error, its Msg; anything
// else may name a host or a file, so it goes to the log only. Every 5xx is
// logged once, with the whole chain.
func WriteError(w http.ResponseWriter, logger *log.Logger, requestID string, err error) {
	kind, message := Internal, "internal error"
	var e *Error
	if errors.As(err, &e) && e.Kind != Internal {
		kind, message = e.Kind, e.Msg
	}
	status := HTTPStatus(kind)
	if status >= 500 {
		logger.Printf("%s %d %v", requestID, status, err)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(errorBody{Code: kind.String(), Message: message})
}
