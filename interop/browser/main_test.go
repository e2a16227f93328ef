package browser

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

var (
	runs    = flag.Int("stress.runs", 5, "stress-glare runs per driver")
	verbose = flag.Bool("page.log", false, "print the page's console")
)

// signals is the handler under /signal/, set by the test that needs it.
var signals = new(handlerSlot)

type handlerSlot struct {
	mu sync.Mutex
	h  http.Handler
}

func (s *handlerSlot) set(h http.Handler) {
	s.mu.Lock()
	s.h = h
	s.mu.Unlock()
}

func (s *handlerSlot) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	h := s.h
	s.mu.Unlock()
	if h == nil {
		http.NotFound(w, r)
		return
	}
	h.ServeHTTP(w, r)
}

// shared is one build, one server and one Chromium for the whole package.
var shared struct {
	once sync.Once
	err  error
	base string
	dir  string
	ua   string
	page *Page
	stop func()
	logf func(string, ...any)
}

// TestMain owns the shared browser so that it outlives every test.
func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if shared.page != nil {
		shared.page.Close()
	}
	if shared.stop != nil {
		shared.stop()
	}
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
	os.Exit(code)
}

// page returns the shared page, built, served and loaded on first use.
// Extra handlers (pion signaling) are mounted under /signal/.
func page(t *testing.T) *Page {
	t.Helper()
	shared.once.Do(func() {
		shared.dir, shared.err = os.MkdirTemp("", "glare-interop-")
		if shared.err != nil {
			return
		}
		build := filepath.Join(shared.dir, "build")
		if shared.err = os.Mkdir(build, 0o755); shared.err != nil {
			return
		}
		if shared.err = Build("..", build); shared.err != nil {
			return
		}
		shared.base, shared.stop, shared.err = Serve("../web", build, map[string]http.Handler{"/signal/": signals})
		if shared.err != nil {
			return
		}
		if _, err := os.Stat(ChromiumPath()); err != nil {
			shared.err = fmt.Errorf("no Chromium at %s (make interop installs Debian's chromium): %w", ChromiumPath(), err)
			return
		}
		logf := func(format string, args ...any) {
			if *verbose {
				fmt.Printf("page: "+format+"\n", args...)
			}
		}
		ctx := context.Background()
		shared.page, shared.ua, shared.err = Open(ctx, shared.base, filepath.Join(shared.dir, "profile"), logf)
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.page
}

// within runs f and fails the test if it takes longer than d.
func within(t *testing.T, d time.Duration, what string, f func() error) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	case <-time.After(d):
		t.Fatalf("%s: no result after %v", what, d)
	}
}
