package config_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	config "example.com/patterns/p013_declarative_configuration_loaders"
)

// Settings is the whole schema: key, type, default and rules, declared once.
type Settings struct {
	DatabaseURL    string        `env:"DATABASE_URL" required:"true"`
	Port           int           `env:"PORT" default:"8080"`
	LogLevel       string        `env:"LOG_LEVEL" default:"info" oneof:"debug info warning error"`
	RequestTimeout time.Duration `env:"REQUEST_TIMEOUT" default:"5s"`
	Debug          bool          `env:"DEBUG"`
	AllowedHosts   []string      `env:"ALLOWED_HOSTS"`
	Workers        int           `env:"WEB_CONCURRENCY,noprefix" default:"2"` // set by the platform
}

func Example() {
	// In a program: config.FromEnviron(os.Environ()). Here, a plain map.
	env := map[string]string{
		"APP_DATABASE_URL":  "postgres://db.internal/shop",
		"APP_PORT":          "9000",
		"APP_DEBUG":         "yes",
		"APP_ALLOWED_HOSTS": "shop.example, api.shop.example",
		"WEB_CONCURRENCY":   "4",
		"HOME":              "/home/app",
	}
	var s Settings
	err := config.Load(&s, env, "APP_")
	fmt.Printf("%+v %v\n", s, err)

	err = config.Load(&s, map[string]string{
		"APP_PORT":            "80a",
		"APP_LOG_LEVEL":       "verbose",
		"APP_REQUEST_TIMEOUT": "5",
		"APP_DEBUG":           "maybe",
		"APP_PROT":            "9000",
	}, "APP_")
	fmt.Println(err)
	fmt.Println(errors.Is(err, config.ErrRequired), s.Port) // s is untouched
	// Output:
	// {DatabaseURL:postgres://db.internal/shop Port:9000 LogLevel:info RequestTimeout:5s Debug:true AllowedHosts:[shop.example api.shop.example] Workers:4} <nil>
	// invalid configuration:
	// APP_DATABASE_URL: required, but not set
	// APP_PORT: expected a whole number, got "80a"
	// APP_LOG_LEVEL: expected one of debug, info, warning, error, got "verbose"
	// APP_REQUEST_TIMEOUT: expected a duration such as 5s or 250ms, got "5"
	// APP_DEBUG: expected one of 1/0, true/false, yes/no, on/off, got "maybe"
	// APP_PROT: not a known setting (check the spelling)
	// true 9000
}

var minimal = map[string]string{"APP_DATABASE_URL": "postgres://db/x"}

func with(extra map[string]string) map[string]string {
	env := map[string]string{}
	for k, v := range minimal {
		env[k] = v
	}
	for k, v := range extra {
		env[k] = v
	}
	return env
}

func TestDefaultsFillWhatIsNotSet(t *testing.T) {
	var s Settings
	if err := config.Load(&s, minimal, "APP_"); err != nil {
		t.Fatal(err)
	}
	want := Settings{DatabaseURL: "postgres://db/x", Port: 8080, LogLevel: "info", RequestTimeout: 5 * time.Second, Workers: 2}
	if s.DatabaseURL != want.DatabaseURL || s.Port != want.Port || s.LogLevel != want.LogLevel ||
		s.RequestTimeout != want.RequestTimeout || s.Workers != want.Workers || s.Debug || s.AllowedHosts != nil {
		t.Fatalf("got %+v, want %+v", s, want)
	}
}

func TestAnEmptyValueCountsAsUnset(t *testing.T) {
	var s Settings
	err := config.Load(&s, map[string]string{"APP_DATABASE_URL": "", "APP_PORT": ""}, "APP_")
	var fe *config.FieldError
	if !errors.As(err, &fe) || fe.Key != "APP_DATABASE_URL" || !errors.Is(err, config.ErrRequired) {
		t.Fatalf("err = %v, want a required-key error for APP_DATABASE_URL", err)
	}
	if err := config.Load(&s, with(map[string]string{"APP_PORT": ""}), "APP_"); err != nil || s.Port != 8080 {
		t.Fatalf("empty APP_PORT: port %d, err %v; want the default 8080", s.Port, err)
	}
}

func TestEachBadValueIsReportedWithItsKey(t *testing.T) {
	cases := []struct{ key, raw, want string }{
		{"APP_PORT", "8.5", `APP_PORT: expected a whole number, got "8.5"`},
		{"APP_PORT", "99999999999999999999", `APP_PORT: expected a whole number`},
		{"APP_DEBUG", "2", `APP_DEBUG: expected one of 1/0`},
		{"APP_LOG_LEVEL", "INFO", `APP_LOG_LEVEL: expected one of debug, info, warning, error, got "INFO"`},
		{"WEB_CONCURRENCY", "many", `WEB_CONCURRENCY: expected a whole number, got "many"`},
	}
	for _, c := range cases {
		var s Settings
		err := config.Load(&s, with(map[string]string{c.key: c.raw}), "APP_")
		var fe *config.FieldError
		if !errors.As(err, &fe) || fe.Key != c.key || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s=%q: err = %v, want %q", c.key, c.raw, err, c.want)
		}
	}
}

func TestUnknownKeysOnlyUnderThePrefixAndSorted(t *testing.T) {
	var s Settings
	err := config.Load(&s, with(map[string]string{"APP_ZZZ": "1", "APP_PROT": "1", "PATH": "/bin", "APPLE": "1"}), "APP_")
	if !errors.Is(err, config.ErrUnknownKey) {
		t.Fatalf("err = %v, want unknown keys", err)
	}
	lines := strings.Split(err.Error(), "\n")[1:]
	if !slices.Equal(lines, []string{
		"APP_PROT: not a known setting (check the spelling)",
		"APP_ZZZ: not a known setting (check the spelling)",
	}) {
		t.Fatalf("problems = %q", lines)
	}
}

type withFloat struct {
	Ratio   float64 `env:"RATIO" default:"0.5"`
	hidden  string  `env:"HIDDEN"` // unexported: reflect cannot set it, so Load skips it
	Ignored string
}

func TestFloatsAndUntaggedFields(t *testing.T) {
	s := withFloat{hidden: "old", Ignored: "old"}
	if err := config.Load(&s, map[string]string{"X_RATIO": "0.25"}, "X_"); err != nil || s.Ratio != 0.25 {
		t.Fatalf("ratio %v, err %v", s.Ratio, err)
	}
	if s.Ignored != "" || s.hidden != "" {
		t.Fatalf("Load should replace the whole struct: %+v", s)
	}
	if err := config.Load(&s, map[string]string{"X_RATIO": "NaN"}, "X_"); err == nil {
		t.Fatal("NaN accepted")
	}
}

func TestSchemaMistakesAreReportedAtOnce(t *testing.T) {
	type unsupported struct {
		C complex128 `env:"C"`
	}
	type badDefault struct {
		N int `env:"N" default:"ten"`
	}
	type badSlice struct {
		Ports []int `env:"PORTS"`
	}
	var s Settings
	for _, dst := range []any{&unsupported{}, &badDefault{}, &badSlice{}, s, new(int)} {
		err := config.Load(dst, map[string]string{}, "X_")
		var fe *config.FieldError
		if err == nil || errors.As(err, &fe) {
			t.Errorf("%T: err = %v, want a plain schema error", dst, err)
		}
	}
}

func TestFromEnviron(t *testing.T) {
	env := config.FromEnviron([]string{"A=1", "B=x=y", "broken"})
	if len(env) != 2 || env["A"] != "1" || env["B"] != "x=y" {
		t.Fatalf("env = %v", env)
	}
}
