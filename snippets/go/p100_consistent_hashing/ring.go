// Package ring shows P100: a consistent-hash ring with virtual nodes, so
// adding or removing a node moves only about 1/N of the keys.
package ring

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
)

// ErrEmpty is returned by Get when the ring has no nodes.
var ErrEmpty = errors.New("ring has no nodes")

// point returns a label's position on the ring: the first 8 bytes of its
// SHA-256. It is the same in every process, unlike a seeded map hash.
func point(label string) uint64 {
	sum := sha256.Sum256([]byte(label))
	return binary.BigEndian.Uint64(sum[:8])
}

type entry struct {
	point uint64
	node  string
}

// Ring assigns keys to nodes. It is not safe for concurrent use: wrap it in
// a lock, or build a new Ring and swap it in when the node set changes.
type Ring struct {
	vnodes  int
	entries []entry // sorted by point, then node name
	nodes   map[string]bool
}

// New returns an empty ring that places each node at vnodes points.
func New(vnodes int) (*Ring, error) {
	if vnodes < 1 {
		return nil, fmt.Errorf("vnodes must be at least 1, got %d", vnodes)
	}
	return &Ring{vnodes: vnodes, nodes: map[string]bool{}}, nil
}

// Add places node on the ring.
func (r *Ring) Add(node string) error {
	if r.nodes[node] {
		return fmt.Errorf("node %q is already on the ring", node)
	}
	r.nodes[node] = true
	for i := range r.vnodes {
		r.entries = append(r.entries, entry{point(node + "#" + strconv.Itoa(i)), node})
	}
	// Ties on a point are broken by name, so insertion order never matters.
	sort.Slice(r.entries, func(i, j int) bool {
		a, b := r.entries[i], r.entries[j]
		return a.point < b.point || (a.point == b.point && a.node < b.node)
	})
	return nil
}

// Remove takes node off the ring; only the keys it owned change owner.
func (r *Ring) Remove(node string) error {
	if !r.nodes[node] {
		return fmt.Errorf("node %q is not on the ring", node)
	}
	delete(r.nodes, node)
	r.entries = slices.DeleteFunc(r.entries, func(e entry) bool { return e.node == node })
	return nil
}

// Get returns the node owning key: the first node point at or after the
// key's point, wrapping to the lowest point past the top of the ring.
func (r *Ring) Get(key string) (string, error) {
	if len(r.entries) == 0 {
		return "", ErrEmpty
	}
	p := point(key)
	i := sort.Search(len(r.entries), func(i int) bool { return r.entries[i].point >= p })
	if i == len(r.entries) {
		i = 0
	}
	return r.entries[i].node, nil
}

// Nodes returns the node names in sorted order.
func (r *Ring) Nodes() []string {
	names := make([]string, 0, len(r.nodes))
	for name := range r.nodes {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}
