package plugins_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	plugins "example.com/patterns/p039_plugin_registry"
)

type slack struct{ channel string }

func (s slack) Send(message string) (string, error) {
	return "slack " + s.channel + ": " + message, nil
}

// slackPlugin is what a plugin package exports instead of registering itself in init.
func slackPlugin() plugins.Plugin {
	return plugins.Plugin{Name: "slack", APIVersion: 2, New: func(s map[string]string) (plugins.Notifier, error) {
		channel, ok := s["channel"]
		if !ok {
			return nil, errors.New(`missing "channel"`)
		}
		return slack{channel}, nil
	}}
}

type pager struct{ service string }

func (p pager) Send(message string) (string, error) { return "page " + p.service + ": " + message, nil }

func pagerPlugin() plugins.Plugin {
	return plugins.Plugin{Name: "pager", APIVersion: 2, New: func(s map[string]string) (plugins.Notifier, error) {
		return pager{s["service"]}, nil
	}}
}

// oldSMSPlugin was written for plugin API v1.
func oldSMSPlugin() plugins.Plugin {
	return plugins.Plugin{Name: "sms", APIVersion: 1, New: func(map[string]string) (plugins.Notifier, error) {
		panic("never built: refused at registration")
	}}
}

func Example() {
	registry := plugins.NewRegistry()
	err := registry.RegisterAll(slackPlugin(), pagerPlugin(), oldSMSPlugin(), slackPlugin())
	fmt.Println(err)
	fmt.Println("plugins:", registry.Names())

	n, _ := registry.New("pager", map[string]string{"service": "checkout"})
	receipt, _ := n.Send("disk 91% full")
	fmt.Println(receipt)

	_, err = registry.New("slak", nil)
	fmt.Println(err)
	fmt.Println("is ErrUnknown:", errors.Is(err, plugins.ErrUnknown))
	// Output:
	// plugin "sms" needs plugin API v1, this program has v2: incompatible plugin API version
	// plugin "slack": plugin already registered
	// plugins: [pager slack]
	// page checkout: disk 91% full
	// unknown plugin "slak"; known: pager, slack
	// is ErrUnknown: true
}

func TestDuplicateKeepsTheFirstPlugin(t *testing.T) {
	registry := plugins.NewRegistry()
	if err := registry.Register(slackPlugin()); err != nil {
		t.Fatal(err)
	}
	impostor := pagerPlugin()
	impostor.Name = "slack"
	if err := registry.Register(impostor); !errors.Is(err, plugins.ErrDuplicate) {
		t.Fatalf("Register(second slack) = %v, want ErrDuplicate", err)
	}
	n, err := registry.New("slack", map[string]string{"channel": "#ops"})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := n.(slack); !ok {
		t.Fatalf("New(slack) built %T, want the first plugin's type", n)
	}
}

func TestIncompatibleVersionsAreRefusedBothWays(t *testing.T) {
	for _, version := range []int{1, 3} {
		registry := plugins.NewRegistry()
		p := slackPlugin()
		p.APIVersion = version
		if err := registry.Register(p); !errors.Is(err, plugins.ErrIncompatible) {
			t.Fatalf("v%d: Register = %v, want ErrIncompatible", version, err)
		}
		if len(registry.Names()) != 0 {
			t.Fatalf("v%d: a refused plugin was registered", version)
		}
	}
}

func TestRegisterAllKeepsTheGoodOnesAndReportsEveryBadOne(t *testing.T) {
	registry := plugins.NewRegistry()
	dup := pagerPlugin()
	err := registry.RegisterAll(oldSMSPlugin(), pagerPlugin(), dup, slackPlugin())
	if !errors.Is(err, plugins.ErrIncompatible) || !errors.Is(err, plugins.ErrDuplicate) {
		t.Fatalf("RegisterAll = %v, want both errors", err)
	}
	if got, want := registry.Names(), []string{"pager", "slack"}; !slices.Equal(got, want) {
		t.Fatalf("Names = %v, want %v", got, want)
	}
	if err := plugins.NewRegistry().RegisterAll(pagerPlugin(), slackPlugin()); err != nil {
		t.Fatalf("RegisterAll of good plugins = %v, want nil", err)
	}
}

func TestUnknownNameListsTheKnownOnes(t *testing.T) {
	cases := []struct {
		name     string
		register []plugins.Plugin
		want     string
	}{
		{"empty registry", nil, `unknown plugin "x"; known: none`},
		{"sorted names", []plugins.Plugin{slackPlugin(), pagerPlugin()}, `unknown plugin "x"; known: pager, slack`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			registry := plugins.NewRegistry()
			if err := registry.RegisterAll(c.register...); err != nil {
				t.Fatal(err)
			}
			_, err := registry.New("x", nil)
			if !errors.Is(err, plugins.ErrUnknown) || err.Error() != c.want {
				t.Fatalf("New(x) = %v, want %q", err, c.want)
			}
		})
	}
}

func TestBadSettingsNameThePlugin(t *testing.T) {
	registry := plugins.NewRegistry()
	if err := registry.Register(slackPlugin()); err != nil {
		t.Fatal(err)
	}
	_, err := registry.New("slack", map[string]string{})
	if !errors.Is(err, plugins.ErrSettings) || err.Error() != `plugin "slack": invalid plugin settings: missing "channel"` {
		t.Fatalf("New(slack, {}) = %v", err)
	}
}
