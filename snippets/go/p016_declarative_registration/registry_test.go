package registry_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	registry "example.com/patterns/p016_declarative_registration"
)

func Example() {
	codecs, err := registry.BuildCodecs(registry.InstallTSV)
	if err != nil {
		panic(err)
	}
	fmt.Println("codecs:", codecs.Names())
	json, _ := codecs.Get("json")
	fmt.Println(json.Encode([]string{"A1", "2"}))

	_, err = codecs.Get("xml")
	fmt.Println(err, "| unknown?", errors.Is(err, registry.ErrUnknown))

	// A second plugin that also wants "json" fails the build, by name.
	fastJSON := func(r *registry.Registry[registry.Codec]) error { return r.Register("json", registry.JSON{}) }
	_, err = registry.BuildCodecs(registry.InstallTSV, fastJSON)
	fmt.Println(err, "| duplicate?", errors.Is(err, registry.ErrDuplicate))
	// Output:
	// codecs: [csv json tsv]
	// ["A1","2"] <nil>
	// codec "xml": not registered; known: csv, json, tsv | unknown? true
	// codec "json": already registered | duplicate? true
}

func TestDuplicateKeepsTheFirstEntry(t *testing.T) {
	r := registry.New[registry.Codec]("codec")
	if err := r.Register("x", registry.CSV{}); err != nil {
		t.Fatal(err)
	}
	if err := r.Register("x", registry.TSV{}); !errors.Is(err, registry.ErrDuplicate) {
		t.Fatalf("second Register = %v, want ErrDuplicate", err)
	}
	got, _ := r.Get("x")
	if _, isCSV := got.(registry.CSV); !isCSV {
		t.Fatalf("entry replaced by %T", got)
	}
}

func TestRegistriesAreIndependent(t *testing.T) {
	one, _ := registry.BuildCodecs()
	two, _ := registry.BuildCodecs()
	if err := one.Register("fake", registry.CSV{}); err != nil {
		t.Fatal(err)
	}
	if slices.Contains(two.Names(), "fake") {
		t.Fatal("an entry added to one registry appeared in another")
	}
	if want := []string{"csv", "json"}; !slices.Equal(two.Names(), want) {
		t.Fatalf("names %v, want %v", two.Names(), want)
	}
}

func TestEveryPluginErrorIsReported(t *testing.T) {
	clash := func(r *registry.Registry[registry.Codec]) error { return r.Register("csv", registry.CSV{}) }
	_, err := registry.BuildCodecs(clash, registry.InstallTSV, registry.InstallTSV)
	want := "codec \"csv\": already registered\ncodec \"tsv\": already registered"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %q, want %q", err, want)
	}
}
