package startup_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	startup "example.com/patterns/p014_validation_before_startup"
)

// fakeDB records what happens to the pool it stands for.
type fakeDB struct {
	events    []string
	reachable bool
}

func (f *fakeDB) connect(cfg startup.Config) (startup.Conn, error) {
	f.events = append(f.events, fmt.Sprintf("open pool of %d", cfg.DBPoolSize))
	return f, nil
}

func (f *fakeDB) Ping() error {
	if !f.reachable {
		return errors.New("connection refused")
	}
	f.events = append(f.events, "ping ok")
	return nil
}

func (f *fakeDB) Close() error {
	f.events = append(f.events, "close pool")
	return nil
}

func Example() {
	broken := map[string]string{
		"SHOP_PORT":         "80a80",
		"SHOP_LOGLEVEL":     "debug", // misspelt: SHOP_LOG_LEVEL
		"SHOP_WORKERS":      "16",
		"SHOP_DB_POOL_SIZE": "10",
		"PATH":              "/usr/bin", // not ours: ignored
	}
	db := &fakeDB{reachable: true}
	_, _, err := startup.Start(broken, db.connect)
	fmt.Println(err)
	fmt.Println("opened before the check failed:", db.events)

	fixed := map[string]string{
		"SHOP_PORT":         "8080",
		"SHOP_LOG_LEVEL":    "debug",
		"SHOP_WORKERS":      "16",
		"SHOP_DB_POOL_SIZE": "20",
		"SHOP_DATABASE_URL": "postgres://shop:s3cret@db:5432/shop",
	}
	cfg, _, err := startup.Start(fixed, db.connect)
	fmt.Println(cfg, err, db.events)
	// Output:
	// 4 configuration problem(s):
	//   SHOP_PORT: expected a whole number, got "80a80"
	//   SHOP_DATABASE_URL: required
	//   SHOP_DB_POOL_SIZE: must be at least SHOP_WORKERS (16), got 10
	//   SHOP_LOGLEVEL: unknown setting
	// opened before the check failed: []
	// {Port:8080 LogLevel:debug Workers:16 DBPoolSize:20} <nil> [open pool of 20 ping ok]
}

func keys(t *testing.T, err error) []string {
	t.Helper()
	var cfgErr *startup.ConfigError
	if !errors.As(err, &cfgErr) {
		t.Fatalf("want a *ConfigError, got %v", err)
	}
	var out []string
	for _, p := range cfgErr.Problems {
		var fe *startup.FieldError
		if !errors.As(p, &fe) {
			t.Fatalf("problem %v is not a *FieldError", p)
		}
		out = append(out, fe.Key)
	}
	return out
}

func TestEveryProblemIsReported(t *testing.T) {
	_, err := startup.Load(map[string]string{
		"SHOP_PORT":         "0",
		"SHOP_LOG_LEVEL":    "verbose",
		"SHOP_WORKERS":      "x",
		"SHOP_DB_POOL_SIZE": "5000",
		"SHOP_TIMEOUT":      "3",
	})
	want := []string{"SHOP_PORT", "SHOP_DATABASE_URL", "SHOP_LOG_LEVEL", "SHOP_WORKERS", "SHOP_DB_POOL_SIZE", "SHOP_TIMEOUT"}
	if got := keys(t, err); !slices.Equal(got, want) {
		t.Fatalf("problems for %v, want %v", got, want)
	}
}

func TestErrorsAsSeesEveryProblem(t *testing.T) {
	_, err := startup.Load(map[string]string{"SHOP_PORT": "http"})
	var fe *startup.FieldError
	if !errors.As(err, &fe) || fe.Key != "SHOP_PORT" {
		t.Fatalf("errors.As found %v, want the SHOP_PORT problem first", fe)
	}
}

func TestABrokenSettingDoesNotCascade(t *testing.T) {
	_, err := startup.Load(map[string]string{
		"SHOP_DATABASE_URL": "postgres://db/shop",
		"SHOP_WORKERS":      "sixteen",
		"SHOP_DB_POOL_SIZE": "4",
	})
	if got := keys(t, err); !slices.Equal(got, []string{"SHOP_WORKERS"}) {
		t.Fatalf("problems for %v, want only SHOP_WORKERS", got)
	}
}

func TestSecretsStayOutOfMessages(t *testing.T) {
	_, err := startup.Load(map[string]string{"SHOP_DATABASE_URL": "mysql://shop:s3cret@db/shop"})
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("error must exist and hide the URL: %v", err)
	}
	cfg, err := startup.Load(map[string]string{"SHOP_DATABASE_URL": "postgres://shop:s3cret@db/shop"})
	if err != nil || strings.Contains(fmt.Sprint(cfg), "s3cret") {
		t.Fatalf("config printed the password or failed: %v %v", cfg, err)
	}
}

func TestFailedPingClosesThePool(t *testing.T) {
	db := &fakeDB{reachable: false}
	_, conn, err := startup.Start(map[string]string{"SHOP_DATABASE_URL": "postgres://db/shop"}, db.connect)
	if err == nil || conn != nil {
		t.Fatalf("Start = %v, %v; want an error and no connection", conn, err)
	}
	if want := []string{"open pool of 10", "close pool"}; !slices.Equal(db.events, want) {
		t.Fatalf("events %v, want %v", db.events, want)
	}
}
