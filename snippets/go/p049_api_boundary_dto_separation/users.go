// Package users shows P049: HTTP handlers decode into request DTOs and encode
// response DTOs, so the domain type never meets encoding/json.
package users

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// User is the domain model. It has no json tags on purpose: nothing should
// ever marshal it. (If something does, every exported field goes out,
// PasswordHash included.)
type User struct {
	RowID        int64
	PublicID     string
	Email        string
	DisplayName  string
	PasswordHash string
	Role         string
	CreatedAt    time.Time
	FailedLogins int
}

// CreateUserRequest is everything a client may send to create a user.
// There is no Role field, so a "role" key in the body has nowhere to go.
type CreateUserRequest struct {
	Email       string `json:"email"`
	DisplayName string `json:"display_name"`
	Password    string `json:"password"`
}

// String keeps the plain-text password out of logs that print the request with %v.
func (r CreateUserRequest) String() string {
	return fmt.Sprintf("CreateUserRequest{Email:%q DisplayName:%q}", r.Email, r.DisplayName)
}

// Validate reports the first required field that is missing or blank.
func (r CreateUserRequest) Validate() error {
	fields := []struct{ name, value string }{
		{"email", r.Email}, {"display_name", r.DisplayName}, {"password", r.Password},
	}
	for _, f := range fields {
		if strings.TrimSpace(f.value) == "" {
			return fmt.Errorf("%s must be a non-empty string", f.name)
		}
	}
	return nil
}

// UserResponse is the public contract for a user: every field is meant to be seen.
type UserResponse struct {
	ID          string `json:"id"`
	Email       string `json:"email"`
	DisplayName string `json:"display_name"`
	CreatedAt   string `json:"created_at"`
}

// NewUserResponse copies the public fields one by one, so a field added to
// User stays private until someone adds it here.
func NewUserResponse(u User) UserResponse {
	return UserResponse{
		ID:          u.PublicID,
		Email:       u.Email,
		DisplayName: u.DisplayName,
		CreatedAt:   u.CreatedAt.UTC().Format(time.RFC3339),
	}
}

// ErrNotFound is returned by Get for an unknown public id.
var ErrNotFound = errors.New("user not found")

// Service is the domain side: request DTOs in, domain objects out.
type Service struct {
	HashPassword func(string) string
	Now          func() time.Time
	NewPublicID  func() string

	mu    sync.Mutex
	users map[string]User
}

// Register creates a member. The role is decided here, never read from the request.
func (s *Service) Register(req CreateUserRequest) User {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.users == nil {
		s.users = make(map[string]User)
	}
	u := User{
		RowID:        int64(len(s.users) + 1),
		PublicID:     s.NewPublicID(),
		Email:        strings.ToLower(strings.TrimSpace(req.Email)),
		DisplayName:  strings.TrimSpace(req.DisplayName),
		PasswordHash: s.HashPassword(req.Password),
		Role:         "member",
		CreatedAt:    s.Now(),
	}
	s.users[u.PublicID] = u
	return u
}

// Get returns the user with this public id, or ErrNotFound.
func (s *Service) Get(publicID string) (User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[publicID]
	if !ok {
		return User{}, fmt.Errorf("get %q: %w", publicID, ErrNotFound)
	}
	return u, nil
}

// Routes returns the service's HTTP API.
func (s *Service) Routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /users", s.HandleCreateUser)
	mux.HandleFunc("GET /users/{id}", s.HandleGetUser)
	return mux
}

// HandleCreateUser serves POST /users.
func (s *Service) HandleCreateUser(w http.ResponseWriter, r *http.Request) {
	var in CreateUserRequest
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "body is not a JSON object"})
		return
	}
	if err := in.Validate(); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	writeJSON(w, http.StatusCreated, NewUserResponse(s.Register(in)))
}

// HandleGetUser serves GET /users/{id}.
func (s *Service) HandleGetUser(w http.ResponseWriter, r *http.Request) {
	u, err := s.Get(r.PathValue("id"))
	if err != nil {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "no such user"})
		return
	}
	writeJSON(w, http.StatusOK, NewUserResponse(u))
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
