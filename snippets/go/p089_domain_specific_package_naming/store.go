package invoice

import (
	"fmt"
	"sort"
)

// Store is where invoices are kept. The technology goes in the name of an
// implementation (MemoryStore here, a PostgresStore beside it), never in the
// name of the package.
type Store interface {
	Save(inv Invoice) error
	Get(id string) (Invoice, bool)
}

// MemoryStore keeps invoices in a map; for tests and small tools.
type MemoryStore struct {
	byID map[string]Invoice
}

// NewMemoryStore returns an empty store.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{byID: map[string]Invoice{}}
}

// Save stores a copy of inv, refusing an invoice without lines.
func (s *MemoryStore) Save(inv Invoice) error {
	if len(inv.Lines) == 0 {
		return fmt.Errorf("save %s: %w", inv.ID, ErrEmpty)
	}
	inv.Lines = append([]Line(nil), inv.Lines...)
	s.byID[inv.ID] = inv
	return nil
}

// Get returns the invoice with the given id.
func (s *MemoryStore) Get(id string) (Invoice, bool) {
	inv, ok := s.byID[id]
	return inv, ok
}

// IDs returns the stored ids in order.
func (s *MemoryStore) IDs() []string {
	ids := make([]string, 0, len(s.byID))
	for id := range s.byID {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

var _ Store = (*MemoryStore)(nil)
