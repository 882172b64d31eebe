// Package bufpool shows P070: a sync.Pool of bytes.Buffer for short-lived
// scratch space, reset before every use and capped so one huge request does
// not pin a huge buffer in the pool.
package bufpool

import (
	"bytes"
	"io"
	"strconv"
	"sync"
)

// BufferPool hands out empty buffers. The pool may drop any idle buffer at
// any garbage collection, so Get must never rely on getting a particular one.
type BufferPool struct {
	pool   sync.Pool
	maxCap int
}

// NewBufferPool returns a pool that refuses to keep buffers whose capacity
// grew beyond maxCap bytes.
func NewBufferPool(maxCap int) *BufferPool {
	p := &BufferPool{maxCap: maxCap}
	p.pool.New = func() any { return new(bytes.Buffer) }
	return p
}

// Get returns an empty buffer: a reused one after Reset, or a new one.
func (p *BufferPool) Get() *bytes.Buffer {
	b := p.pool.Get().(*bytes.Buffer)
	b.Reset() // whatever the previous user wrote must not leak into this one
	return b
}

// Put gives b back. The caller must not touch b, or any slice from b.Bytes(),
// afterwards. Oversized buffers are left for the garbage collector.
func (p *BufferPool) Put(b *bytes.Buffer) {
	if b.Cap() > p.maxCap {
		return
	}
	p.pool.Put(b)
}

var lines = NewBufferPool(64 << 10)

// WriteLine formats one log line into a pooled buffer and writes it to w in a
// single Write call. The buffer never escapes: w must not keep the slice,
// which the io.Writer contract already forbids.
func WriteLine(w io.Writer, level, msg string, kv ...string) error {
	b := lines.Get()
	defer lines.Put(b)
	appendLine(b, level, msg, kv)
	_, err := w.Write(b.Bytes())
	return err
}

// WriteLineUnpooled is the same without the pool, for comparison in tests.
func WriteLineUnpooled(w io.Writer, level, msg string, kv ...string) error {
	b := new(bytes.Buffer)
	appendLine(b, level, msg, kv)
	_, err := w.Write(b.Bytes())
	return err
}

func appendLine(b *bytes.Buffer, level, msg string, kv []string) {
	b.WriteString("level=")
	b.WriteString(level)
	b.WriteString(" msg=")
	b.WriteString(strconv.Quote(msg))
	for i := 0; i+1 < len(kv); i += 2 {
		b.WriteByte(' ')
		b.WriteString(kv[i])
		b.WriteByte('=')
		b.WriteString(kv[i+1])
	}
	b.WriteByte('\n')
}
