package signup

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
)

// ErrEmailTaken is the one rule the core checks: it needs the stored accounts.
var ErrEmailTaken = errors.New("email is already registered")

// Registry is the core. It takes Signups and trusts them.
type Registry struct {
	byEmail map[Email]Signup
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{byEmail: map[Email]Signup{}} }

// Register stores s unless its email is taken. No field is checked again.
func (r *Registry) Register(s Signup) error {
	if _, ok := r.byEmail[s.email]; ok {
		return ErrEmailTaken
	}
	r.byEmail[s.email] = s
	return nil
}

// Len is the number of accounts.
func (r *Registry) Len() int { return len(r.byEmail) }

// SignUp is the HTTP boundary: parse, register, respond.
func (r *Registry) SignUp(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(io.LimitReader(req.Body, 1<<16))
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "unreadable body"})
		return
	}
	s, err := Parse(body)
	var invalid InvalidInput
	switch {
	case errors.As(err, &invalid):
		writeJSON(w, http.StatusBadRequest, map[string]any{"errors": invalid})
		return
	case err != nil:
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "internal error"})
		return
	}
	if errors.Is(r.Register(s), ErrEmailTaken) {
		writeJSON(w, http.StatusConflict, map[string]string{"error": ErrEmailTaken.Error()})
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"email": s.Email().String(), "plan": string(s.Plan())})
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
