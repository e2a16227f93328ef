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

// shared is one build and one server for the whole package, and the one
// browser open at a time: the machine has 2 cores, and two browsers at
// once would time each other.
var shared struct {
	once sync.Once
	err  error
	base string
	dir  string
	stop func()

	name    string // the open browser, "" when none
	page    Page
	opened  int              // browsers started, for fresh profiles
	refused map[string]error // a browser that would not start is not tried again
}

// The browsers the tests run in, one at a time.
const (
	chromium = "chromium"
	firefox  = "firefox"
)

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

// setup builds and serves the page once. Extra handlers (pion signaling)
// are mounted under /signal/.
func setup(t *testing.T) {
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
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
}

// pageFor returns the page loaded in the named browser, closing the other
// browser first if it is open. A missing Firefox skips the test; a missing
// Chromium fails it.
func pageFor(t *testing.T, name string) Page {
	t.Helper()
	setup(t)
	if shared.name == name {
		return shared.page
	}
	if name == firefox {
		if _, err := os.Stat(FirefoxPath()); err != nil {
			t.Skipf("no Firefox at %s, so no Firefox test (install Debian's firefox-esr, as make interop does, or set FIREFOX): %v", FirefoxPath(), err)
		}
	}
	if err := shared.refused[name]; err != nil {
		t.Fatalf("%s did not start earlier: %v", name, err)
	}
	if shared.page != nil {
		begin := time.Now()
		shared.page.Close()
		t.Logf("closed %s in %v", shared.name, time.Since(begin).Round(time.Millisecond))
		shared.name, shared.page = "", nil
	}
	logf := func(format string, args ...any) {
		if *verbose {
			fmt.Printf("page: "+format+"\n", args...)
		}
	}
	shared.opened++
	profile := filepath.Join(shared.dir, fmt.Sprintf("profile-%d-%s", shared.opened, name))
	ctx := context.Background()
	var p Page
	var ua, version string
	var err error
	begin := time.Now()
	switch name {
	case chromium:
		if _, err := os.Stat(ChromiumPath()); err != nil {
			t.Fatalf("no Chromium at %s (make interop installs Debian's chromium): %v", ChromiumPath(), err)
		}
		if version, err = Version(ChromiumPath()); err != nil {
			break
		}
		var c *Chromium
		if c, ua, err = OpenChromium(ctx, shared.base, profile, logf); err == nil {
			p = c
		}
	case firefox:
		if version, err = Version(FirefoxPath()); err != nil {
			break
		}
		var f *Firefox
		var bidiVersion string
		if f, ua, bidiVersion, err = OpenFirefox(ctx, shared.base, profile, logf); err == nil {
			p = f
			version += " (BiDi " + bidiVersion + ")"
		}
	default:
		t.Fatalf("no browser %q", name)
	}
	if err != nil {
		if shared.refused == nil {
			shared.refused = map[string]error{}
		}
		shared.refused[name] = err
		t.Fatal(err)
	}
	shared.name, shared.page = name, p
	t.Logf("browser %s: %s; %s; page ready in %v", name, version, ua, time.Since(begin).Round(time.Millisecond))
	return p
}

// browsers runs f in a subtest per browser, named after it, the open one
// first, so that the next test starts with the browser this one ended
// with: one switch per test instead of two.
func browsers(t *testing.T, f func(t *testing.T, name string)) {
	t.Helper()
	names := []string{chromium, firefox}
	if shared.name == firefox {
		names = []string{firefox, chromium}
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) { f(t, name) })
	}
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
