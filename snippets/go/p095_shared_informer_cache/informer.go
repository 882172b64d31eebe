// Package informer shows P095: one list+watch per kind feeds an indexed cache
// that every controller in the process reads, so reads never reach the API
// server.
//
// Real code uses client-go's informers.SharedInformerFactory and
// cache.Indexer, or controller-runtime's cache. FakeAPI stands in for the API
// server and counts its list and watch calls, so the package needs only the
// standard library.
package informer

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
)

// Obj is a namespaced API object; Version is its last write's resourceVersion.
type Obj struct {
	Kind, Namespace, Name string
	Labels, Spec          map[string]string
	Version               int
}

// Key is "namespace/name", the cache key client-go uses.
func (o Obj) Key() string { return o.Namespace + "/" + o.Name }

// Copy returns an Obj that shares no map with o (client-go's DeepCopy).
func (o Obj) Copy() Obj {
	o.Labels, o.Spec = maps.Clone(o.Labels), maps.Clone(o.Spec)
	return o
}

// Event is one change seen by a watch.
type Event struct {
	Type string // "ADDED", "MODIFIED" or "DELETED"
	Obj  Obj
}

type watcher struct {
	kind string
	ctx  context.Context
	ch   chan Event
}

// FakeAPI is an in-memory API server that counts list and watch calls.
type FakeAPI struct {
	mu       sync.Mutex
	objects  map[string]Obj // kind + "|" + key
	log      []Event
	watchers []*watcher
	version  int
	calls    map[string]int
}

// NewFakeAPI returns an empty fake API server.
func NewFakeAPI() *FakeAPI {
	return &FakeAPI{objects: map[string]Obj{}, calls: map[string]int{}}
}

// Calls returns a copy of the call counts, such as "list pods": 1.
func (a *FakeAPI) Calls() map[string]int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return maps.Clone(a.calls)
}

// Apply creates or replaces obj and returns the new resource version.
func (a *FakeAPI) Apply(obj Obj) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.version++
	obj = obj.Copy()
	obj.Version = a.version
	id := obj.Kind + "|" + obj.Key()
	typ := "ADDED"
	if _, ok := a.objects[id]; ok {
		typ = "MODIFIED"
	}
	a.objects[id] = obj
	a.publish(Event{typ, obj})
	return a.version
}

// Delete removes an object, if present, and returns the current resource version.
func (a *FakeAPI) Delete(kind, key string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	obj, ok := a.objects[kind+"|"+key]
	if !ok {
		return a.version
	}
	a.version++
	delete(a.objects, kind+"|"+key)
	obj.Version = a.version
	a.publish(Event{"DELETED", obj})
	return a.version
}

func (a *FakeAPI) publish(ev Event) {
	a.log = append(a.log, ev)
	for _, w := range a.watchers {
		if w.kind == ev.Obj.Kind {
			select {
			case w.ch <- Event{ev.Type, ev.Obj.Copy()}:
			case <-w.ctx.Done():
			}
		}
	}
}

// List returns copies of every object of kind, sorted by key, and the
// version the list was read at.
func (a *FakeAPI) List(_ context.Context, kind string) ([]Obj, int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.calls["list "+kind]++
	var out []Obj
	for _, obj := range a.objects {
		if obj.Kind == kind {
			out = append(out, obj.Copy())
		}
	}
	slices.SortFunc(out, func(x, y Obj) int { return strings.Compare(x.Key(), y.Key()) })
	return out, a.version
}

// Watch streams every change of kind after version since, until ctx ends.
func (a *FakeAPI) Watch(ctx context.Context, kind string, since int) <-chan Event {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.calls["watch "+kind]++
	var backlog []Event
	for _, ev := range a.log {
		if ev.Obj.Kind == kind && ev.Obj.Version > since {
			backlog = append(backlog, Event{ev.Type, ev.Obj.Copy()})
		}
	}
	w := &watcher{kind: kind, ctx: ctx, ch: make(chan Event, len(backlog)+16)}
	for _, ev := range backlog {
		w.ch <- ev
	}
	a.watchers = append(a.watchers, w)
	go func() {
		<-ctx.Done()
		a.mu.Lock()
		defer a.mu.Unlock()
		a.watchers = slices.DeleteFunc(a.watchers, func(x *watcher) bool { return x == w })
	}()
	return w.ch
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// IndexFunc returns the index values of an object, such as its node name.
type IndexFunc func(Obj) []string

// Indexer holds objects by key plus named indexes. Every read returns copies,
// as controller-runtime's cache does by default; client-go's listers return
// shared pointers instead, which callers must never modify.
type Indexer struct {
	mu      sync.RWMutex
	items   map[string]Obj
	funcs   map[string]IndexFunc
	indexes map[string]map[string]map[string]bool
}

// NewIndexer returns an empty Indexer.
func NewIndexer() *Indexer {
	return &Indexer{items: map[string]Obj{}, funcs: map[string]IndexFunc{},
		indexes: map[string]map[string]map[string]bool{}}
}

// AddIndexers registers indexes; a name already in use is an error.
func (c *Indexer) AddIndexers(funcs map[string]IndexFunc) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for name := range funcs {
		if _, ok := c.funcs[name]; ok {
			return fmt.Errorf("index %q already exists", name)
		}
	}
	for name, fn := range funcs {
		c.funcs[name], c.indexes[name] = fn, map[string]map[string]bool{}
		for _, obj := range c.items {
			c.link(name, obj)
		}
	}
	return nil
}

func (c *Indexer) link(name string, obj Obj) {
	for _, v := range c.funcs[name](obj) {
		if c.indexes[name][v] == nil {
			c.indexes[name][v] = map[string]bool{}
		}
		c.indexes[name][v][obj.Key()] = true
	}
}

func (c *Indexer) unlink(obj Obj) {
	for name, fn := range c.funcs {
		for _, v := range fn(obj) {
			delete(c.indexes[name][v], obj.Key())
			if len(c.indexes[name][v]) == 0 {
				delete(c.indexes[name], v)
			}
		}
	}
}

// Upsert stores obj, moving it between index entries if its values changed.
func (c *Indexer) Upsert(obj Obj) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.items[obj.Key()]; ok {
		c.unlink(old)
	}
	c.items[obj.Key()] = obj
	for name := range c.funcs {
		c.link(name, obj)
	}
}

// Delete removes the object with key, if present.
func (c *Indexer) Delete(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.items[key]; ok {
		c.unlink(old)
		delete(c.items, key)
	}
}

// Get returns a copy of the object with key.
func (c *Indexer) Get(key string) (Obj, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	obj, ok := c.items[key]
	return obj.Copy(), ok
}

// List returns copies of every object, sorted by key.
func (c *Indexer) List() []Obj {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.copies(sortedKeys(c.items))
}

// ByIndex returns copies of the objects whose index name has value.
func (c *Indexer) ByIndex(name, value string) ([]Obj, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if _, ok := c.funcs[name]; !ok {
		return nil, fmt.Errorf("no index named %q", name)
	}
	return c.copies(sortedKeys(c.indexes[name][value])), nil
}

func (c *Indexer) copies(keys []string) []Obj {
	out := make([]Obj, 0, len(keys))
	for _, key := range keys {
		out = append(out, c.items[key].Copy())
	}
	return out
}

// SharedInformer is one list+watch of one kind, kept in Cache and fanned out
// to handlers.
type SharedInformer struct {
	api      *FakeAPI
	kind     string
	Cache    *Indexer
	mu       sync.Mutex
	handlers []func(Event)
	version  int
	changed  chan struct{} // closed and replaced after each applied event
	synced   chan struct{}
}

// AddHandler registers a handler, which first hears ADDED for every cached
// object. Handlers run on the informer's goroutine: keep them short.
func (i *SharedInformer) AddHandler(h func(Event)) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.handlers = append(i.handlers, h)
	for _, obj := range i.Cache.List() {
		h(Event{"ADDED", obj})
	}
}

// Run lists, fills the cache, then applies watch events until ctx ends.
func (i *SharedInformer) Run(ctx context.Context) {
	objs, version := i.api.List(ctx, i.kind)
	for _, obj := range objs {
		i.apply(Event{"ADDED", obj})
	}
	i.mu.Lock()
	i.version = version
	i.mu.Unlock()
	events := i.api.Watch(ctx, i.kind, version) // changes after the list are not lost
	close(i.synced)
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-events:
			i.apply(ev)
		}
	}
}

func (i *SharedInformer) apply(ev Event) {
	if ev.Type == "DELETED" {
		i.Cache.Delete(ev.Obj.Key())
	} else {
		i.Cache.Upsert(ev.Obj)
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	for _, h := range i.handlers {
		h(Event{ev.Type, ev.Obj.Copy()})
	}
	i.version = max(i.version, ev.Obj.Version)
	close(i.changed)
	i.changed = make(chan struct{})
}

// WaitForSync blocks until the first list is in the cache or ctx ends.
func (i *SharedInformer) WaitForSync(ctx context.Context) error {
	select {
	case <-i.synced:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// WaitForVersion blocks until the cache has applied every change up to version.
func (i *SharedInformer) WaitForVersion(ctx context.Context, version int) error {
	for {
		i.mu.Lock()
		done, changed := i.version >= version, i.changed
		i.mu.Unlock()
		if done {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Factory hands every caller the same informer per kind.
type Factory struct {
	api       *FakeAPI
	mu        sync.Mutex
	informers map[string]*SharedInformer
}

// NewFactory returns a factory for api.
func NewFactory(api *FakeAPI) *Factory {
	return &Factory{api: api, informers: map[string]*SharedInformer{}}
}

// Informer returns the shared informer for kind, creating it on first use.
func (f *Factory) Informer(kind string) *SharedInformer {
	f.mu.Lock()
	defer f.mu.Unlock()
	if inf, ok := f.informers[kind]; ok {
		return inf
	}
	inf := &SharedInformer{api: f.api, kind: kind, Cache: NewIndexer(),
		changed: make(chan struct{}), synced: make(chan struct{})}
	f.informers[kind] = inf
	return inf
}

// Start runs every informer until ctx ends and waits until all have synced.
func (f *Factory) Start(ctx context.Context) error {
	f.mu.Lock()
	var informers []*SharedInformer
	for _, kind := range sortedKeys(f.informers) {
		informers = append(informers, f.informers[kind])
	}
	f.mu.Unlock()
	for _, inf := range informers {
		go inf.Run(ctx)
	}
	for _, inf := range informers {
		if err := inf.WaitForSync(ctx); err != nil {
			return err
		}
	}
	return nil
}
