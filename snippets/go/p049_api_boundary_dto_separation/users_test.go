package users_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	users "example.com/patterns/p049_api_boundary_dto_separation"
)

const secretHash = "argon2id$v=19$m=65536$c2FsdA$aGFzaA"

func newService() *users.Service {
	n := 0
	return &users.Service{
		HashPassword: func(string) string { return secretHash },
		Now:          func() time.Time { return time.Date(2024, 5, 1, 11, 30, 0, 0, time.FixedZone("CEST", 2*3600)) },
		NewPublicID:  func() string { n++; return fmt.Sprintf("usr_%04d", n) },
	}
}

func do(h http.Handler, method, path, body string) (int, string) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, strings.NewReader(body)))
	return rec.Code, strings.TrimSpace(rec.Body.String())
}

func Example() {
	svc := newService()
	api := svc.Routes()

	status, body := do(api, "POST", "/users",
		`{"email": "Ada@Example.com", "display_name": "Ada", "password": "s3cret!", "role": "admin"}`)
	fmt.Println(status, body)

	u, _ := svc.Get("usr_0001")
	fmt.Println("inside the service:", u.RowID, u.Role, u.PasswordHash == secretHash)

	fmt.Println(do(api, "GET", "/users/usr_0001", ""))
	fmt.Println(do(api, "GET", "/users/usr_9999", ""))
	fmt.Println(do(api, "POST", "/users", `{"email": "bob@example.com", "display_name": "Bob"}`))
	// Output:
	// 201 {"id":"usr_0001","email":"ada@example.com","display_name":"Ada","created_at":"2024-05-01T09:30:00Z"}
	// inside the service: 1 member true
	// 200 {"id":"usr_0001","email":"ada@example.com","display_name":"Ada","created_at":"2024-05-01T09:30:00Z"}
	// 404 {"error":"no such user"}
	// 400 {"error":"password must be a non-empty string"}
}

func TestResponseNeverContainsInternalFields(t *testing.T) {
	u := users.User{
		RowID: 4711, PublicID: "usr_x", Email: "ada@example.com", DisplayName: "Ada",
		PasswordHash: secretHash, Role: "admin", CreatedAt: time.Unix(0, 0), FailedLogins: 9,
	}
	out, err := json.Marshal(users.NewUserResponse(u))
	if err != nil {
		t.Fatal(err)
	}
	for _, leaked := range []string{"Password", secretHash, "RowID", "4711", "Role", "admin", "FailedLogins"} {
		if strings.Contains(string(out), leaked) {
			t.Errorf("response %s contains %q", out, leaked)
		}
	}
	var keys map[string]any
	_ = json.Unmarshal(out, &keys)
	if len(keys) != 4 {
		t.Errorf("response has %d keys, want 4: %s", len(keys), out)
	}
}

// The hazard the DTO avoids: marshaling the domain type sends everything.
func TestMarshalingTheDomainTypeWouldLeakTheHash(t *testing.T) {
	out, _ := json.Marshal(users.User{PasswordHash: secretHash})
	if !strings.Contains(string(out), secretHash) {
		t.Fatalf("expected the domain type to leak when marshaled, got %s", out)
	}
}

func TestClientCannotSetFieldsTheRequestLacks(t *testing.T) {
	svc := newService()
	status, _ := do(svc.Routes(), "POST", "/users",
		`{"email": "a@example.com", "display_name": "A", "password": "pw", "role": "admin", "RowID": 99, "FailedLogins": -1}`)
	if status != http.StatusCreated {
		t.Fatalf("status = %d", status)
	}
	u, err := svc.Get("usr_0001")
	if err != nil {
		t.Fatal(err)
	}
	if u.Role != "member" || u.RowID != 1 || u.FailedLogins != 0 {
		t.Fatalf("client-controlled fields reached the domain: %+v", u)
	}
}

func TestChangingInternalFieldsDoesNotChangeTheResponse(t *testing.T) {
	base := users.User{PublicID: "usr_x", Email: "e", DisplayName: "d", CreatedAt: time.Unix(0, 0)}
	changed := base
	changed.RowID, changed.Role, changed.PasswordHash, changed.FailedLogins = 7, "admin", "h", 3
	if a, b := users.NewUserResponse(base), users.NewUserResponse(changed); !reflect.DeepEqual(a, b) {
		t.Fatalf("%+v != %+v", a, b)
	}
}

func TestBadRequests(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{`{not json`, `{"error":"body is not a JSON object"}`},
		{`[1, 2]`, `{"error":"body is not a JSON object"}`},
		{`{"display_name": "A", "password": "pw"}`, `{"error":"email must be a non-empty string"}`},
		{`{"email": "a@example.com", "display_name": "  ", "password": "pw"}`, `{"error":"display_name must be a non-empty string"}`},
	} {
		status, body := do(newService().Routes(), "POST", "/users", tc.body)
		if status != http.StatusBadRequest || body != tc.want {
			t.Errorf("%s: got %d %s, want 400 %s", tc.body, status, body, tc.want)
		}
	}
}

func TestPasswordIsKeptOutOfFormattedOutput(t *testing.T) {
	req := users.CreateUserRequest{Email: "a@example.com", DisplayName: "A", Password: "hunter2"}
	for _, verb := range []string{"%v", "%+v", "%s"} {
		if out := fmt.Sprintf(verb, req); strings.Contains(out, "hunter2") {
			t.Errorf("%s printed the password: %s", verb, out)
		}
	}
}

func TestGetUnknownIsErrNotFound(t *testing.T) {
	if _, err := newService().Get("usr_none"); !errors.Is(err, users.ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}
