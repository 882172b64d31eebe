// Package bufpool reuses bytes.Buffers through a sync.Pool, and refuses to
// keep buffers that grew too large.
package bufpool

import (
	"bytes"
	"fmt"
	"io"
	"sync"
)

// Pool hands out empty *bytes.Buffer values and takes them back.
type Pool struct {
	maxCap int
	pool   sync.Pool
}

// New returns a pool whose fresh buffers start with initialCap bytes of
// capacity and that drops any returned buffer whose capacity exceeds maxCap.
func New(initialCap, maxCap int) *Pool {
	p := &Pool{maxCap: maxCap}
	p.pool.New = func() any { return bytes.NewBuffer(make([]byte, 0, initialCap)) }
	return p
}

// Get returns an empty buffer, reused or new.
func (p *Pool) Get() *bytes.Buffer { return p.pool.Get().(*bytes.Buffer) }

// Put resets buf and keeps it for reuse, unless it has grown beyond the cap:
// a pooled buffer keeps its whole backing array alive, so one huge request
// would otherwise pin that memory for as long as the buffer sits in the pool.
// It reports whether the buffer was kept. The caller must not use buf after.
func (p *Pool) Put(buf *bytes.Buffer) bool {
	if buf.Cap() > p.maxCap {
		return false
	}
	buf.Reset()
	p.pool.Put(buf)
	return true
}

// WriteLine renders one log line in a pooled buffer and writes it to w in a
// single Write call. The buffer goes back to the pool before returning; the
// bytes were already copied out by w.Write, so nothing refers to it.
func (p *Pool) WriteLine(w io.Writer, level, msg string, fields ...string) error {
	buf := p.Get()
	defer p.Put(buf)
	fmt.Fprintf(buf, "level=%s msg=%q", level, msg)
	for i := 0; i+1 < len(fields); i += 2 {
		fmt.Fprintf(buf, " %s=%q", fields[i], fields[i+1])
	}
	buf.WriteByte('\n')
	_, err := w.Write(buf.Bytes())
	return err
}
