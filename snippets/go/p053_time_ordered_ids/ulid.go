// Package ulid shows P053: 128-bit IDs whose sort order is their creation
// order. The top 48 bits are a Unix time in milliseconds, the low 80 are
// random, and the text form is 26 characters of Crockford base32.
package ulid

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

const (
	alphabet   = "0123456789ABCDEFGHJKMNPQRSTVWXYZ" // no I, L, O or U
	EncodedLen = 26                                 // 26 digits of 5 bits; the first uses only 3
	maxTime    = 1<<48 - 1
)

var (
	// ErrInvalid wraps every parse error.
	ErrInvalid = errors.New("invalid ID")
	// ErrOverflow means one millisecond used up the whole 80-bit random part.
	ErrOverflow = errors.New("random part exhausted within one millisecond")
)

// digits maps a byte to its base32 value, or 0xFF; lower case is accepted.
var digits = func() (table [256]byte) {
	for i := range table {
		table[i] = 0xFF
	}
	for i := 0; i < len(alphabet); i++ {
		table[alphabet[i]] = byte(i)
		table[alphabet[i]|0x20] = byte(i) // ASCII lower case
	}
	return table
}()

// ID is big-endian: comparing the bytes, or the strings, compares the times first.
type ID [16]byte

// String returns the 26-character form.
func (id ID) String() string {
	hi := binary.BigEndian.Uint64(id[:8])
	lo := binary.BigEndian.Uint64(id[8:])
	var out [EncodedLen]byte
	for i := EncodedLen - 1; i >= 0; i-- {
		out[i] = alphabet[lo&31]
		lo = lo>>5 | hi<<59 // shift the 128-bit value right by 5
		hi >>= 5
	}
	return string(out[:])
}

// Time returns the creation time written into the ID, in UTC.
func (id ID) Time() time.Time {
	ms := binary.BigEndian.Uint64(id[:8]) >> 16
	return time.UnixMilli(int64(ms)).UTC()
}

// Compare returns -1, 0 or +1, like strings.Compare on the text forms.
func (id ID) Compare(other ID) int { return bytes.Compare(id[:], other[:]) }

// Parse reads the 26-character form, in upper or lower case.
func Parse(s string) (ID, error) {
	if len(s) != EncodedLen {
		return ID{}, fmt.Errorf("%w: want %d characters, got %d", ErrInvalid, EncodedLen, len(s))
	}
	var hi, lo uint64
	for i := 0; i < len(s); i++ {
		d := digits[s[i]]
		if d == 0xFF {
			return ID{}, fmt.Errorf("%w: %q is not a Crockford base32 digit", ErrInvalid, s[i])
		}
		if i == 0 && d > 7 {
			return ID{}, fmt.Errorf("%w: %q does not fit in 128 bits", ErrInvalid, s)
		}
		hi = hi<<5 | lo>>59
		lo = lo<<5 | uint64(d)
	}
	var id ID
	binary.BigEndian.PutUint64(id[:8], hi)
	binary.BigEndian.PutUint64(id[8:], lo)
	return id, nil
}

// FirstAt is the smallest ID of t's millisecond, a bound for range queries.
func FirstAt(t time.Time) ID {
	var id ID
	putTime(&id, uint64(t.UnixMilli()))
	return id
}

func putTime(id *ID, ms uint64) {
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], ms<<16)
	copy(id[:6], buf[:6])
}

// Generator makes IDs that are strictly increasing, even within one
// millisecond and across goroutines. The zero value is not usable: call
// NewGenerator.
type Generator struct {
	mu      sync.Mutex
	now     func() time.Time
	entropy io.Reader
	last    ID
	lastMS  int64 // -1 before the first ID
}

// NewGenerator takes the clock and the random source as arguments, so tests
// can fix both. In production: NewGenerator(time.Now, rand.Reader), with
// crypto/rand.
func NewGenerator(now func() time.Time, entropy io.Reader) *Generator {
	return &Generator{now: now, entropy: entropy, lastMS: -1}
}

// New returns the next ID. In the same millisecond as the previous ID, or if
// the clock stepped back, it keeps the previous timestamp and adds one to
// the random part, so order holds; it fails rather than wrap around.
func (g *Generator) New() (ID, error) {
	g.mu.Lock()
	defer g.mu.Unlock()

	ms := g.now().UnixMilli()
	if ms < 0 || ms > maxTime {
		return ID{}, fmt.Errorf("time %d ms is outside the 48-bit range of an ID", ms)
	}
	if ms > g.lastMS {
		var id ID
		putTime(&id, uint64(ms))
		if _, err := io.ReadFull(g.entropy, id[6:]); err != nil {
			return ID{}, fmt.Errorf("read entropy: %w", err)
		}
		g.last, g.lastMS = id, ms
		return id, nil
	}
	next := g.last
	for i := len(next) - 1; i >= 6; i-- { // add one to the 80-bit random part
		next[i]++
		if next[i] != 0 {
			g.last = next
			return next, nil
		}
	}
	return ID{}, ErrOverflow
}
