package ulid_test

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	ulid "example.com/patterns/p053_time_ordered_ids"
)

// fakeClock moves only when the test says so.
type fakeClock struct{ t time.Time }

func (c *fakeClock) Now() time.Time          { return c.t }
func (c *fakeClock) Advance(d time.Duration) { c.t = c.t.Add(d) }

// countingReader stands in for crypto/rand: it yields 0, 1, 2, ... so the
// Example prints the same IDs on every run.
type countingReader struct{ next byte }

func (r *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = r.next
		r.next++
	}
	return len(p), nil
}

// fixedReader returns the same byte forever.
type fixedReader byte

func (r fixedReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

var start = time.UnixMilli(1_700_000_000_000)

func Example() {
	clock := &fakeClock{t: start}
	ids := ulid.NewGenerator(clock.Now, &countingReader{})

	first, _ := ids.New()
	second, _ := ids.New() // same millisecond: random part + 1
	clock.Advance(time.Millisecond)
	third, _ := ids.New()
	for _, id := range []ulid.ID{first, second, third} {
		fmt.Println(id, id.Time().Format(time.RFC3339Nano))
	}

	text := []string{third.String(), first.String(), second.String()}
	sort.Strings(text)
	fmt.Println("sorted == created:", slices.Equal(text, []string{first.String(), second.String(), third.String()}))

	parsed, err := ulid.Parse(strings.ToLower(third.String()))
	fmt.Println("round trip:", parsed == third, err)

	_, err = ulid.Parse("8" + third.String()[1:])
	fmt.Println(errors.Is(err, ulid.ErrInvalid), err)
	// Output:
	// 01HF7YAT00000G40R40M30E209 2023-11-14T22:13:20Z
	// 01HF7YAT00000G40R40M30E20A 2023-11-14T22:13:20Z
	// 01HF7YAT01185GR38E1W8124GK 2023-11-14T22:13:20.001Z
	// sorted == created: true
	// round trip: true <nil>
	// true invalid ID: "81HF7YAT01185GR38E1W8124GK" does not fit in 128 bits
}

func TestIDsSortByCreationTime(t *testing.T) {
	clock := &fakeClock{t: start}
	ids := ulid.NewGenerator(clock.Now, &countingReader{next: 200})
	var made []ulid.ID
	for _, step := range []time.Duration{0, 1, 0, 0, 7, 1, 0, 250} {
		clock.Advance(step * time.Millisecond)
		id, err := ids.New()
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, id)
	}
	for i := 1; i < len(made); i++ {
		if made[i-1].Compare(made[i]) >= 0 || made[i-1].String() >= made[i].String() {
			t.Fatalf("ID %d (%s) does not sort after ID %d (%s)", i, made[i], i-1, made[i-1])
		}
	}
}

func TestSameMillisecondIncrementsWithCarry(t *testing.T) {
	clock := &fakeClock{t: start}
	// 0xFE... then +1 twice: the second step carries through every byte.
	ids := ulid.NewGenerator(clock.Now, fixedReader(0xFE))
	a, _ := ids.New()
	b, _ := ids.New()
	if !bytes.Equal(b[6:15], bytes.Repeat([]byte{0xFE}, 9)) || b[15] != 0xFF {
		t.Fatalf("b = %x, want a + 1 (%x)", b[:], a[:])
	}
	c, err := ids.New()
	if err != nil {
		t.Fatal(err)
	}
	want := a
	want[14], want[15] = 0xFF, 0x00
	if c != want {
		t.Fatalf("c = %x, want %x", c[:], want[:])
	}
}

func TestOverflowFailsInsteadOfWrapping(t *testing.T) {
	ids := ulid.NewGenerator((&fakeClock{t: start}).Now, fixedReader(0xFF))
	if _, err := ids.New(); err != nil {
		t.Fatal(err)
	}
	if _, err := ids.New(); !errors.Is(err, ulid.ErrOverflow) {
		t.Fatalf("err = %v, want ErrOverflow", err)
	}
}

func TestClockStepBackKeepsOrder(t *testing.T) {
	clock := &fakeClock{t: start}
	ids := ulid.NewGenerator(clock.Now, &countingReader{})
	before, _ := ids.New()
	clock.Advance(-time.Minute)
	after, _ := ids.New()
	if after.Compare(before) <= 0 || !after.Time().Equal(start) {
		t.Fatalf("after a step back: %s (%v) vs %s", after, after.Time(), before)
	}
}

func TestEntropyErrorsAreReturned(t *testing.T) {
	ids := ulid.NewGenerator((&fakeClock{t: start}).Now, strings.NewReader("short"))
	if _, err := ids.New(); err == nil || !strings.Contains(err.Error(), "read entropy") {
		t.Fatalf("err = %v, want a read entropy error", err)
	}
}

func TestTimeOutsideRangeIsRejected(t *testing.T) {
	for _, at := range []time.Time{time.UnixMilli(-1), time.UnixMilli(1 << 48)} {
		if _, err := ulid.NewGenerator((&fakeClock{t: at}).Now, &countingReader{}).New(); err == nil {
			t.Fatalf("New at %v: want an error", at)
		}
	}
}

func TestParseRoundTripsAndRejectsBadText(t *testing.T) {
	for _, id := range []ulid.ID{{}, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}} {
		got, err := ulid.Parse(id.String())
		if err != nil || got != id {
			t.Fatalf("Parse(%s) = %x, %v", id, got, err)
		}
	}
	if got := (ulid.ID{}).String(); got != strings.Repeat("0", 26) {
		t.Fatalf("zero ID = %s", got)
	}
	cases := map[string]string{
		"short":        strings.Repeat("0", 25),
		"letter U":     strings.Repeat("0", 25) + "U",
		"non-ASCII":    strings.Repeat("0", 24) + "ß",
		"over 128 bit": "8" + strings.Repeat("0", 25),
	}
	for name, text := range cases {
		if _, err := ulid.Parse(text); !errors.Is(err, ulid.ErrInvalid) {
			t.Errorf("%s: Parse(%q) err = %v, want ErrInvalid", name, text, err)
		}
	}
}

func TestFirstAtBoundsAMillisecond(t *testing.T) {
	clock := &fakeClock{t: start}
	id, _ := ulid.NewGenerator(clock.Now, fixedReader(0xFF)).New()
	lo, hi := ulid.FirstAt(start), ulid.FirstAt(start.Add(time.Millisecond))
	if lo.Compare(id) > 0 || id.Compare(hi) >= 0 {
		t.Fatalf("%s not in [%s, %s)", id, lo, hi)
	}
}

func TestConcurrentCallersGetDistinctIncreasingIDs(t *testing.T) {
	ids := ulid.NewGenerator((&fakeClock{t: start}).Now, &countingReader{})
	var mu sync.Mutex
	var made []ulid.ID
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				id, err := ids.New()
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				made = append(made, id)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	slices.SortFunc(made, ulid.ID.Compare)
	made = slices.Compact(made)
	if len(made) != 800 {
		t.Fatalf("got %d distinct IDs, want 800", len(made))
	}
}
