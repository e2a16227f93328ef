// Package browser runs the interop page in real browsers: it builds
// package negotiation to WebAssembly, serves the page on 127.0.0.1 and
// drives a headless Debian Chromium with chromedp or a headless Debian
// Firefox ESR over WebDriver BiDi (no browser or driver download).
package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// ChromiumPath is Debian's chromium; the CHROMIUM variable overrides it.
func ChromiumPath() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// Version runs a browser binary with --version ("Chromium 156.0.8078.114
// built on Debian...", "Mozilla Firefox 153.8.0esr").
func Version(path string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, path, "--version").Output()
	if err != nil {
		return "", fmt.Errorf("%s --version: %w", path, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// Build compiles the interop module's ./wasm to dir/glare.wasm (GOOS=js
// GOARCH=wasm) and copies the toolchain's wasm_exec.js beside it.
func Build(moduleDir, dir string) error {
	cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "glare.wasm"), "./wasm")
	cmd.Dir = moduleDir
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("build wasm: %w\n%s", err, out)
	}
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return fmt.Errorf("go env GOROOT: %w", err)
	}
	root := strings.TrimSpace(string(out))
	for _, p := range []string{"lib/wasm/wasm_exec.js", "misc/wasm/wasm_exec.js"} { // Go 1.24+, older
		if b, err := os.ReadFile(filepath.Join(root, p)); err == nil {
			return os.WriteFile(filepath.Join(dir, "wasm_exec.js"), b, 0o644)
		}
	}
	return fmt.Errorf("wasm_exec.js not found under %s", root)
}

// Serve serves the page (webDir) and the build (buildDir, which wins) on
// 127.0.0.1 with an ephemeral port, plus the handlers in extra. It returns
// the base URL and a function that stops the server.
func Serve(webDir, buildDir string, extra map[string]http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	mux := http.NewServeMux()
	web := http.FileServer(http.Dir(webDir))
	build := http.FileServer(http.Dir(buildDir))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if fi, err := os.Stat(filepath.Join(buildDir, filepath.Base(r.URL.Path))); err == nil && fi.Mode().IsRegular() {
			build.ServeHTTP(w, r)
			return
		}
		web.ServeHTTP(w, r)
	})
	for p, h := range extra {
		mux.Handle(p, h)
	}
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln) //nolint:errcheck // ends with Close
	return "http://" + ln.Addr().String() + "/", func() { srv.Close() }, nil
}

// Flags are Chromium's command line: headless, no sandbox (CI runs as
// root), no network beyond loopback, raw IPs in host candidates instead of
// mDNS names so that ICE on this machine works without a resolver, and
// loopback candidates too.
func Flags(userDataDir string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(ChromiumPath()),
		chromedp.UserDataDir(userDataDir),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-features", "WebRtcHideLocalIpsWithMdns"),
		chromedp.Flag("allow-loopback-in-peer-connection", true), // a machine with lo only
		chromedp.Flag("disable-dev-shm-usage", true),             // containers with a small /dev/shm
	}
}

// Page is the one tab of a headless browser, as the tests drive it.
type Page interface {
	// Eval evaluates a JavaScript expression, awaits it if it is a
	// promise, and stores its JSON value in v (if not nil).
	Eval(expr string, v any) error
	// Reload reloads the page and waits for its window.ready.
	Reload() error
	// Close ends the browser.
	Close()
}

// Chromium is one tab of a headless Chromium, driven with chromedp.
type Chromium struct {
	ctx    context.Context
	cancel func()
}

// OpenChromium starts Chromium with Flags, loads url and waits for the
// page's window.ready promise (the WebAssembly module loaded). logf
// receives the page's console output and exceptions.
func OpenChromium(ctx context.Context, url, userDataDir string, logf func(format string, args ...any)) (*Chromium, string, error) {
	actx, acancel := chromedp.NewExecAllocator(ctx, Flags(userDataDir)...)
	tctx, tcancel := chromedp.NewContext(actx)
	p := &Chromium{ctx: tctx, cancel: func() { tcancel(); acancel() }}
	err := chromedp.Listen(tctx, func(ev any) { // starts the browser
		switch ev := ev.(type) {
		case *cdpruntime.EventConsoleAPICalled:
			var parts []string
			for _, a := range ev.Args {
				parts = append(parts, strings.Trim(string(a.Value), `"`))
			}
			logf("console.%s: %s", ev.Type, strings.Join(parts, " "))
		case *cdpruntime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			logf("exception: %s (%s:%d)", msg, d.URL, d.LineNumber+1)
		}
	})
	if err != nil {
		p.Close()
		return nil, "", fmt.Errorf("start %s: %w", ChromiumPath(), err)
	}
	var ua string
	if _, err := chromedp.Run(tctx, chromedp.Navigate(url)); err != nil {
		p.Close()
		return nil, "", fmt.Errorf("open %s in %s: %w", url, ChromiumPath(), err)
	}
	if err := p.Eval("window.ready", &ua); err != nil {
		p.Close()
		return nil, "", err
	}
	return p, ua, nil
}

// EvalTimeout bounds every Eval.
const EvalTimeout = 3 * time.Minute

// Eval evaluates a JavaScript expression, awaits it if it is a promise, and
// stores its JSON value in v. It gives up after EvalTimeout.
func (p *Chromium) Eval(expr string, v any) error {
	ctx, cancel := context.WithTimeout(p.ctx, EvalTimeout)
	defer cancel()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[json.RawMessage](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		return fmt.Errorf("eval %.60q: %w", expr, err)
	}
	if v == nil {
		return nil
	}
	return json.Unmarshal(raw, v)
}

// Reload reloads the page, as a user does, and waits for its window.ready
// (the WebAssembly module loaded again).
func (p *Chromium) Reload() error {
	ctx, cancel := context.WithTimeout(p.ctx, EvalTimeout)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Reload()); err != nil {
		return fmt.Errorf("reload: %w", err)
	}
	return p.Eval("window.ready", nil)
}

// Close ends the tab and the browser.
func (p *Chromium) Close() { p.cancel() }
