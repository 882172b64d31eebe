package signup_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"example.com/patterns/p091_boundary_focused_validation"
)

func problems(t *testing.T, body string) signup.InvalidInput {
	t.Helper()
	_, err := signup.Parse([]byte(body))
	var invalid signup.InvalidInput
	if !errors.As(err, &invalid) {
		t.Fatalf("Parse(%s) err = %v, want InvalidInput", body, err)
	}
	return invalid
}

func TestParseGood(t *testing.T) {
	s, err := signup.Parse([]byte(`{"email":"  Ada@Example.COM ","name":" Ada \t King ","age":36,"plan":"pro"}`))
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(s.Email(), "|", s.Name(), "|", s.Age(), "|", s.Plan())
	if got != "ada@example.com|Ada King|36|pro" {
		t.Errorf("got %s", got)
	}
	s, _ = signup.Parse([]byte(`{"email":"a@b.co","name":"Al","age":13}`))
	if s.Plan() != signup.Free {
		t.Errorf("default plan = %q, want free", s.Plan())
	}
}

func TestEveryProblemAtOnceInFieldOrder(t *testing.T) {
	got := problems(t, `{"zzz":1,"email":5,"name":"A","age":200,"plan":"gold","aaa":2}`)
	want := signup.InvalidInput{
		{"email", "must be a string"},
		{"name", "must be 2 to 50 characters"},
		{"age", "must be between 13 and 130"},
		{"plan", "must be one of free, pro"},
		{"aaa", "unknown field"},
		{"zzz", "unknown field"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
	if got := problems(t, `{}`).Error(); got != "email: is required, name: is required, age: is required" {
		t.Errorf("empty object: %s", got)
	}
}

func TestFieldRules(t *testing.T) {
	cases := []struct{ field, value, problem string }{
		{"email", `"ada"`, "must look like name@example.com"},
		{"email", `"@example.com"`, "must look like name@example.com"},
		{"email", `"ada@example"`, "must look like name@example.com"},
		{"email", `"ada@@example.com"`, "must look like name@example.com"},
		{"email", `"a da@example.com"`, "must look like name@example.com"},
		{"name", `7`, "must be a string"},
		{"name", `"` + strings.Repeat("é", 51) + `"`, "must be 2 to 50 characters"},
		{"name", `"   "`, "must be 2 to 50 characters"},
		{"age", `true`, "must be a whole number"},
		{"age", `36.5`, "must be a whole number"},
		{"age", `"36"`, "must be a whole number"},
		{"age", `12`, "must be between 13 and 130"},
		{"plan", `["pro"]`, "must be one of free, pro"},
		{"plan", `"PRO"`, "must be one of free, pro"},
	}
	for _, c := range cases {
		fields := map[string]string{"email": `"ada@example.com"`, "name": `"Ada"`, "age": `36`}
		fields[c.field] = c.value
		body := fmt.Sprintf(`{"email":%s,"name":%s,"age":%s`, fields["email"], fields["name"], fields["age"])
		if c.field == "plan" {
			body += `,"plan":` + c.value
		}
		body += "}"
		got := problems(t, body)
		if len(got) != 1 || got[0] != (signup.FieldError{Field: c.field, Problem: c.problem}) {
			t.Errorf("%s = %s: got %v, want %s", c.field, c.value, got, c.problem)
		}
	}
	// The limits are inclusive, and a name is counted in characters, not bytes.
	if _, err := signup.Parse([]byte(`{"email":"a@b.co","name":"` + strings.Repeat("é", 50) + `","age":130}`)); err != nil {
		t.Errorf("limits: %v", err)
	}
}

func TestNotAnObject(t *testing.T) {
	for _, body := range []string{`[]`, `"x"`, `null`, `{not json`, ``} {
		got := problems(t, body)
		if got.Error() != "body: must be a JSON object" {
			t.Errorf("%q: %v", body, got)
		}
	}
}

func TestRegisterChecksOnlyTheStatefulRule(t *testing.T) {
	r := signup.NewRegistry()
	a, _ := signup.Parse([]byte(`{"email":"ada@example.com","name":"Ada","age":36}`))
	b, _ := signup.Parse([]byte(`{"email":"ADA@example.com","name":"Ada B","age":40}`))
	if err := r.Register(a); err != nil {
		t.Fatal(err)
	}
	if err := r.Register(b); !errors.Is(err, signup.ErrEmailTaken) {
		t.Errorf("second register: %v", err)
	}
	if r.Len() != 1 {
		t.Errorf("Len = %d", r.Len())
	}
}

func ExampleRegistry_SignUp() {
	r := signup.NewRegistry()
	for _, body := range []string{
		`{"email":"ada","name":"A","age":"old","nick":"x"}`,
		`{"email":" Ada@Example.com ","name":"Ada  Lovelace","age":36}`,
		`{"email":"ADA@example.com","name":"Ada","age":36,"plan":"pro"}`,
	} {
		rec := httptest.NewRecorder()
		r.SignUp(rec, httptest.NewRequest(http.MethodPost, "/signup", strings.NewReader(body)))
		fmt.Print(rec.Code, " ", rec.Body.String())
	}
	// Output:
	// 400 {"errors":[{"field":"email","problem":"must look like name@example.com"},{"field":"name","problem":"must be 2 to 50 characters"},{"field":"age","problem":"must be a whole number"},{"field":"nick","problem":"unknown field"}]}
	// 201 {"email":"ada@example.com","plan":"free"}
	// 409 {"error":"email is already registered"}
}
