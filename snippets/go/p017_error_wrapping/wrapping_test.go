package wrapping_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	wrapping "example.com/patterns/p017_error_wrapping"
)

// lockedFS serves files from an in-memory tree but refuses to open one of them.
// It has only Open, so fs.ReadFile cannot bypass the lock through MapFS.ReadFile.
type lockedFS struct {
	files  fstest.MapFS
	locked string
}

func (l lockedFS) Open(name string) (fs.File, error) {
	if name == l.locked {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return l.files.Open(name)
}

// failingFS fails every Open with the error it holds.
type failingFS struct{ err error }

func (f failingFS) Open(string) (fs.File, error) { return nil, f.err }

func tenants() lockedFS {
	return lockedFS{
		files: fstest.MapFS{
			"tenants/acme.json":     {Data: []byte(`{"currency": "EUR"}`)},
			"tenants/umbrella.json": {Data: []byte(`{"locale": "en-GB"}`)},
			"tenants/hooli.json":    {Data: []byte(`{"currency": "USD"}`)},
		},
		locked: "tenants/hooli.json",
	}
}

func Example() {
	fsys := tenants()
	logger := log.New(os.Stdout, "", 0)
	var statuses []int
	for i, tenant := range []string{"acme", "globex", "umbrella", "hooli"} {
		requestID := fmt.Sprintf("req-%d", i+1)
		statuses = append(statuses, wrapping.Handle(fsys, logger, requestID, tenant))
	}
	fmt.Println("statuses:", statuses)

	_, err := wrapping.BuildReport(fsys, "hooli")
	var settingsErr *wrapping.SettingsError
	if errors.As(err, &settingsErr) {
		fmt.Println("file to fix:", settingsErr.Path)
	}
	fmt.Println("missing file?", errors.Is(err, fs.ErrNotExist))
	fmt.Println("permission denied?", errors.Is(err, fs.ErrPermission))
	// Output:
	// req-2 404 build report for tenant "globex": load settings: open tenants/globex.json: file does not exist
	// req-3 500 build report for tenant "umbrella": setting "currency" missing from tenants/umbrella.json
	// req-4 500 build report for tenant "hooli": load settings: open tenants/hooli.json: permission denied
	// statuses: [200 404 500 500]
	// file to fix: tenants/hooli.json
	// missing file? false
	// permission denied? true
}

func TestWrappingKeepsTheCauseReachable(t *testing.T) {
	root := errors.New("disk on fire")
	_, err := wrapping.BuildReport(failingFS{err: root}, "acme")
	if !errors.Is(err, root) {
		t.Fatalf("errors.Is(err, root) = false; err = %v", err)
	}
	var settingsErr *wrapping.SettingsError
	if !errors.As(err, &settingsErr) || settingsErr.Path != "tenants/acme.json" {
		t.Fatalf("errors.As did not find the SettingsError for tenants/acme.json: %v", err)
	}
	want := `build report for tenant "acme": load settings: disk on fire`
	if err.Error() != want {
		t.Fatalf("message = %q, want %q", err.Error(), want)
	}
}

func TestParseErrorNamesTheFile(t *testing.T) {
	fsys := fstest.MapFS{"tenants/initech.json": {Data: []byte(`{"currency": `)}}
	_, err := wrapping.LoadSettings(fsys, "initech")
	var syntaxErr *json.SyntaxError
	if !errors.As(err, &syntaxErr) {
		t.Fatalf("want a *json.SyntaxError in the chain, got %v", err)
	}
	if !strings.HasPrefix(err.Error(), "load settings: parse tenants/initech.json: ") {
		t.Fatalf("message does not name the file: %q", err)
	}
}

func TestHandleMatchesByIdentityNotByText(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want int
	}{
		{"missing file", &fs.PathError{Op: "open", Path: "x", Err: fs.ErrNotExist}, 404},
		{"permission", &fs.PathError{Op: "open", Path: "x", Err: fs.ErrPermission}, 500},
		// The same words as fs.ErrNotExist, but a different error value.
		{"look-alike text", errors.New("file does not exist"), 500},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var logged bytes.Buffer
			got := wrapping.Handle(failingFS{err: tc.err}, log.New(&logged, "", 0), "req-9", "globex")
			if got != tc.want {
				t.Fatalf("status = %d, want %d", got, tc.want)
			}
			if lines := strings.Count(logged.String(), "\n"); lines != 1 {
				t.Fatalf("want exactly one log line, got %d: %q", lines, logged.String())
			}
		})
	}
}

func TestHandleLogsNothingOnSuccess(t *testing.T) {
	var logged bytes.Buffer
	if got := wrapping.Handle(tenants(), log.New(&logged, "", 0), "req-1", "acme"); got != 200 {
		t.Fatalf("status = %d, want 200", got)
	}
	if logged.Len() != 0 {
		t.Fatalf("logged %q on success", logged.String())
	}
}
