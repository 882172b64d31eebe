// Package hotpath shows P099: a hot path that encodes metric samples with no
// heap allocation per call, by appending into a buffer the caller owns.
package hotpath

import (
	"fmt"
	"hash/crc32"
	"io"
	"strconv"
)

// Sample is one metric reading.
type Sample struct {
	Name      string
	Value     int64
	Timestamp int64
}

// SprintfSample is the obvious version. It allocates on every call: the
// result string, and the arguments stored in the ...any slice escape to the
// heap because fmt keeps them behind interfaces.
func SprintfSample(name string, value, ts int64) string {
	return fmt.Sprintf("%s %d %d\n", name, value, ts)
}

// AppendSample appends "name value ts\n" to dst and returns the extended
// slice, in the style of strconv.AppendInt. If dst has room, nothing is
// allocated: the digits are written straight into dst's array.
func AppendSample(dst []byte, name string, value, ts int64) []byte {
	dst = append(dst, name...)
	dst = append(dst, ' ')
	dst = strconv.AppendInt(dst, value, 10)
	dst = append(dst, ' ')
	dst = strconv.AppendInt(dst, ts, 10)
	return append(dst, '\n')
}

// Encoder writes batches of samples to w through one buffer that it owns
// and reuses. It is not safe for concurrent use: give each goroutine its own
// Encoder, or take one from a sync.Pool.
type Encoder struct {
	w   io.Writer
	buf []byte
}

// NewEncoder returns an Encoder whose buffer starts with room for capacity
// bytes. Size it for a typical batch: a bigger batch grows the buffer once,
// and the grown buffer is kept for the batches after it.
func NewEncoder(w io.Writer, capacity int) *Encoder {
	return &Encoder{w: w, buf: make([]byte, 0, capacity)}
}

// WriteBatch encodes samples into the reused buffer and writes it with one
// Write call. w must not keep the slice after Write returns (io.Writer's
// contract), because the next batch overwrites it.
func (e *Encoder) WriteBatch(samples []Sample) error {
	e.buf = e.buf[:0] // keep the array, drop the contents
	for i := range samples {
		s := &samples[i] // no copy of the struct per iteration
		e.buf = AppendSample(e.buf, s.Name, s.Value, s.Timestamp)
	}
	_, err := e.w.Write(e.buf)
	return err
}

// Cap reports the capacity of the reused buffer.
func (e *Encoder) Cap() int { return cap(e.buf) }

// KeyHash hashes "prefix:id" with 32-bit FNV-1a without building the string.
// The key is assembled in a fixed array that stays on the stack, because
// every function that sees the slice is known not to keep it; only a key
// longer than the array makes append allocate.
func KeyHash(prefix, id string) uint32 {
	var scratch [64]byte
	key := append(scratch[:0], prefix...)
	key = append(key, ':')
	key = append(key, id...)
	return fnv1a(key)
}

func fnv1a(b []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range b {
		h ^= uint32(c)
		h *= 16777619
	}
	return h
}

// KeyHashCRC is the same code with crc32.ChecksumIEEE as the hash, which
// calls its implementation through a function variable. The compiler cannot
// see what that function does with the slice, so it reports "moved to heap:
// scratch": one allocation per call that no line of this function shows.
func KeyHashCRC(prefix, id string) uint32 {
	var scratch [64]byte
	key := append(scratch[:0], prefix...)
	key = append(key, ':')
	key = append(key, id...)
	return crc32.ChecksumIEEE(key)
}

// NewSample returns a pointer to a new Sample. Returning the address of a
// local makes the compiler move it to the heap: `go build -gcflags=-m`
// reports "moved to heap: s" for this function.
func NewSample(name string, value, ts int64) *Sample {
	s := Sample{Name: name, Value: value, Timestamp: ts}
	return &s
}
