// Package wrapping shows P017: every layer that returns an error says what it
// was doing, and wraps the error it got with %w so callers can still match it.
package wrapping

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"net/http"
)

// SettingsError reports that a tenant's settings file could not be loaded.
// Callers that need the file name get it with errors.As, not by parsing text.
type SettingsError struct {
	Path string // the settings file, such as tenants/acme.json
	Err  error  // the cause: a *fs.PathError, a JSON error, ...
}

func (e *SettingsError) Error() string { return "load settings: " + e.Err.Error() }

// Unwrap exposes the cause to errors.Is and errors.As.
func (e *SettingsError) Unwrap() error { return e.Err }

// Settings holds one tenant's settings and the file they came from.
type Settings struct {
	Path   string
	Values map[string]string
}

// LoadSettings reads and parses tenants/<tenant>.json from fsys.
func LoadSettings(fsys fs.FS, tenant string) (Settings, error) {
	path := "tenants/" + tenant + ".json"
	data, err := fs.ReadFile(fsys, path)
	if err != nil {
		// err is a *fs.PathError: it already says "open <path>", so do not repeat it.
		return Settings{}, &SettingsError{Path: path, Err: err}
	}
	var values map[string]string
	if err := json.Unmarshal(data, &values); err != nil {
		// A JSON error does not know which file it came from: add the path.
		return Settings{}, &SettingsError{Path: path, Err: fmt.Errorf("parse %s: %w", path, err)}
	}
	return Settings{Path: path, Values: values}, nil
}

// BuildReport loads the tenant's settings and renders its report.
func BuildReport(fsys fs.FS, tenant string) (string, error) {
	settings, err := LoadSettings(fsys, tenant)
	if err != nil {
		return "", fmt.Errorf("build report for tenant %q: %w", tenant, err)
	}
	currency, ok := settings.Values["currency"]
	if !ok {
		return "", fmt.Errorf("build report for tenant %q: setting \"currency\" missing from %s",
			tenant, settings.Path)
	}
	return fmt.Sprintf("report for %s in %s", tenant, currency), nil
}

// Handle serves one request and returns its HTTP status. It is the only
// layer that logs; the layers below return the error and let it travel up.
// The status depends on the identity of the cause, never on its text.
func Handle(fsys fs.FS, logger *log.Logger, requestID, tenant string) int {
	_, err := BuildReport(fsys, tenant)
	if err == nil {
		return http.StatusOK
	}
	status := http.StatusInternalServerError
	if errors.Is(err, fs.ErrNotExist) {
		status = http.StatusNotFound
	}
	logger.Printf("%s %d %v", requestID, status, err)
	return status
}
