package browser

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/coder/websocket"
)

// FirefoxPath is Debian's firefox-esr; the FIREFOX variable overrides it.
func FirefoxPath() string {
	if p := os.Getenv("FIREFOX"); p != "" {
		return p
	}
	return "/usr/bin/firefox-esr"
}

// FirefoxPrefs is the profile's user.js. The first pref matters: host
// candidates carry raw IPs instead of mDNS names, so that ICE works
// without a resolver and pion sees addresses. The second lets a peer use
// loopback where Firefox offers it. The third gives performance.now() its
// full precision (Firefox rounds it to the millisecond otherwise), so that
// the stress test's time in Step, made of sub-millisecond calls, is
// measured, not estimated. The rest make an offline, quiet start.
const FirefoxPrefs = `user_pref("media.peerconnection.ice.obfuscate_host_addresses", false);
user_pref("media.peerconnection.ice.loopback", true);
user_pref("privacy.reduceTimerPrecision", false);
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("browser.startup.homepage_override.mstone", "ignore");
user_pref("browser.startup.page", 0);
user_pref("browser.aboutwelcome.enabled", false);
user_pref("startup.homepage_welcome_url", "about:blank");
user_pref("startup.homepage_welcome_url.additional", "");
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("datareporting.healthreport.uploadEnabled", false);
user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
user_pref("toolkit.telemetry.enabled", false);
user_pref("app.update.disabledForTesting", true);
user_pref("app.normandy.enabled", false);
user_pref("network.captive-portal-service.enabled", false);
user_pref("network.connectivity-service.enabled", false);
user_pref("browser.safebrowsing.update.enabled", false);
user_pref("browser.safebrowsing.malware.enabled", false);
user_pref("browser.safebrowsing.phishing.enabled", false);
user_pref("browser.safebrowsing.downloads.enabled", false);
user_pref("extensions.update.enabled", false);
user_pref("extensions.getAddons.cache.enabled", false);
user_pref("browser.newtabpage.enabled", false);
user_pref("browser.region.network.url", "");
user_pref("browser.search.update", false);
user_pref("services.settings.server", "data:,#remote-settings-dummy/v1");
user_pref("network.dns.disablePrefetch", true);
user_pref("network.http.speculative-parallel-limit", 0);
user_pref("browser.tabs.warnOnClose", false);
user_pref("browser.warnOnQuit", false);
user_pref("browser.sessionstore.resume_from_crash", false);
user_pref("toolkit.startup.max_resumed_crashes", -1);
`

// Firefox is the one tab of a headless Firefox, driven over WebDriver BiDi
// on the browser's own WebSocket server (no geckodriver, no Selenium).
// Firefox runs in a process group of its own; Close ends the whole group.
type Firefox struct {
	cmd     *exec.Cmd
	exited  chan struct{} // closed when the main process has been waited for
	bidi    *bidi
	context string // the tab's browsing context
	logf    func(format string, args ...any)
}

// bidiURL is the line Firefox prints on stderr once its BiDi server
// listens on the port that --remote-debugging-port=0 picked.
var bidiURL = regexp.MustCompile(`WebDriver BiDi listening on (ws://\S+)`)

// OpenFirefox starts Firefox headless with a fresh profile in profileDir
// (FirefoxPrefs), opens a BiDi session, loads url in its tab and waits for
// the page's window.ready (the WebAssembly module loaded). logf receives
// the page's console output and exceptions, and Firefox's stderr. It
// returns the page, the user agent and the browser's name and version as
// BiDi reports them.
func OpenFirefox(ctx context.Context, url, profileDir string, logf func(format string, args ...any)) (*Firefox, string, string, error) {
	if err := os.MkdirAll(profileDir, 0o755); err != nil {
		return nil, "", "", err
	}
	if err := os.WriteFile(filepath.Join(profileDir, "user.js"), []byte(FirefoxPrefs), 0o644); err != nil {
		return nil, "", "", err
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil, "", "", err
	}
	cmd := exec.Command(FirefoxPath(), "--headless", "--no-remote", "--profile", profileDir,
		"--remote-debugging-port=0", "about:blank")
	cmd.Env = append(os.Environ(), "MOZ_CRASHREPORTER_DISABLE=1")
	cmd.Stderr = w // an *os.File: Wait copies nothing, and helpers may keep it open
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	err = cmd.Start()
	w.Close()
	if err != nil {
		r.Close()
		return nil, "", "", fmt.Errorf("start %s: %w", FirefoxPath(), err)
	}
	f := &Firefox{cmd: cmd, exited: make(chan struct{}), logf: logf}
	go func() {
		cmd.Wait() //nolint:errcheck // Close kills the group: the status says nothing
		close(f.exited)
	}()

	// stderr: the BiDi URL once, every line to logf, the last ones for errors.
	found := make(chan string, 1)
	var tailMu sync.Mutex
	var tail []string
	go func() {
		defer r.Close()
		s := bufio.NewScanner(r)
		for s.Scan() {
			line := s.Text()
			if m := bidiURL.FindStringSubmatch(line); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			}
			logf("firefox: %s", line)
			tailMu.Lock()
			tail = append(tail, line)
			if len(tail) > 20 {
				tail = tail[1:]
			}
			tailMu.Unlock()
		}
	}()
	fail := func(err error) (*Firefox, string, string, error) {
		f.Close()
		tailMu.Lock()
		defer tailMu.Unlock()
		return nil, "", "", fmt.Errorf("%s: %w\nstderr:\n%s", FirefoxPath(), err, strings.Join(tail, "\n"))
	}
	var ws string
	select {
	case ws = <-found:
	case <-f.exited:
		return fail(errors.New("exited before its BiDi server listened"))
	case <-time.After(30 * time.Second):
		return fail(errors.New("no BiDi server after 30 s"))
	case <-ctx.Done():
		return fail(ctx.Err())
	}

	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if f.bidi, err = dialBiDi(dctx, ws+"/session", f.event); err != nil {
		return fail(err)
	}
	var session struct {
		Capabilities struct {
			BrowserName    string `json:"browserName"`
			BrowserVersion string `json:"browserVersion"`
		} `json:"capabilities"`
	}
	if err := f.bidi.call(dctx, "session.new", map[string]any{"capabilities": map[string]any{}}, &session); err != nil {
		return fail(err)
	}
	version := session.Capabilities.BrowserName + "/" + session.Capabilities.BrowserVersion
	if err := f.bidi.call(dctx, "session.subscribe", map[string]any{"events": []string{"log.entryAdded"}}, nil); err != nil {
		return fail(err)
	}
	var tree struct {
		Contexts []struct {
			Context string `json:"context"`
		} `json:"contexts"`
	}
	if err := f.bidi.call(dctx, "browsingContext.getTree", map[string]any{}, &tree); err != nil {
		return fail(err)
	}
	if len(tree.Contexts) == 0 {
		return fail(errors.New("no browsing context"))
	}
	f.context = tree.Contexts[0].Context
	nctx, ncancel := context.WithTimeout(ctx, EvalTimeout)
	defer ncancel()
	if err := f.bidi.call(nctx, "browsingContext.navigate", map[string]any{"context": f.context, "url": url, "wait": "complete"}, nil); err != nil {
		return fail(fmt.Errorf("open %s: %w", url, err))
	}
	var ua string
	if err := f.Eval("window.ready", &ua); err != nil {
		return fail(err)
	}
	return f, ua, version, nil
}

// event logs the page's console output and uncaught exceptions (the
// browser has one tab).
func (f *Firefox) event(method string, params json.RawMessage) {
	if method != "log.entryAdded" {
		return
	}
	var e struct {
		Type   string `json:"type"`
		Method string `json:"method"`
		Text   string `json:"text"`
	}
	if json.Unmarshal(params, &e) != nil {
		return
	}
	if e.Type == "console" {
		f.logf("console.%s: %s", e.Method, e.Text)
	} else {
		f.logf("exception: %s", e.Text)
	}
}

// Eval evaluates a JavaScript expression in the page, awaits it if it is a
// promise, and stores its JSON value in v (JSON.stringify in the page;
// undefined is null). It gives up after EvalTimeout.
func (f *Firefox) Eval(expr string, v any) error {
	ctx, cancel := context.WithTimeout(context.Background(), EvalTimeout)
	defer cancel()
	var res struct {
		Type   string `json:"type"` // success or exception
		Result struct {
			Type  string `json:"type"`
			Value string `json:"value"`
		} `json:"result"`
		ExceptionDetails struct {
			Text string `json:"text"`
		} `json:"exceptionDetails"`
	}
	err := f.bidi.call(ctx, "script.evaluate", map[string]any{
		"expression":      "(async () => JSON.stringify(await (" + expr + "\n)) ?? 'null')()",
		"target":          map[string]string{"context": f.context},
		"awaitPromise":    true,
		"resultOwnership": "none",
	}, &res)
	switch {
	case err != nil:
		return fmt.Errorf("eval %.60q: %w", expr, err)
	case res.Type == "exception":
		return fmt.Errorf("eval %.60q: %s", expr, res.ExceptionDetails.Text)
	case res.Result.Type != "string":
		return fmt.Errorf("eval %.60q: a %s result", expr, res.Result.Type)
	case v == nil:
		return nil
	}
	return json.Unmarshal([]byte(res.Result.Value), v)
}

// Reload reloads the page, as a user does, and waits for its window.ready
// (the WebAssembly module loaded again).
func (f *Firefox) Reload() error {
	ctx, cancel := context.WithTimeout(context.Background(), EvalTimeout)
	defer cancel()
	if err := f.bidi.call(ctx, "browsingContext.reload", map[string]any{"context": f.context, "wait": "complete"}, nil); err != nil {
		return fmt.Errorf("reload: %w", err)
	}
	return f.Eval("window.ready", nil)
}

// Close asks Firefox to quit (browser.close), then ends its process group
// with SIGTERM and SIGKILL if it lingers, and returns once every process
// of the group is gone: its helpers outlive the main process by a second
// or two.
func (f *Firefox) Close() {
	if f.bidi != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		f.bidi.call(ctx, "browser.close", map[string]any{}, nil) //nolint:errcheck // the signals follow
		cancel()
		f.bidi.close()
	}
	pgid := f.cmd.Process.Pid
	select {
	case <-f.exited:
	case <-time.After(5 * time.Second):
		syscall.Kill(-pgid, syscall.SIGTERM) //nolint:errcheck // gone already is fine
		select {
		case <-f.exited:
		case <-time.After(5 * time.Second):
			syscall.Kill(-pgid, syscall.SIGKILL) //nolint:errcheck
			<-f.exited
		}
	}
	for deadline := time.Now().Add(10 * time.Second); !errors.Is(syscall.Kill(-pgid, 0), syscall.ESRCH); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			syscall.Kill(-pgid, syscall.SIGKILL) //nolint:errcheck
			f.logf("firefox: process group %d still alive 10 s after the browser quit: killed", pgid)
			deadline = time.Now().Add(10 * time.Second)
		}
	}
}

// bidi is a WebDriver BiDi client: commands with ids, their replies, and
// events, over one WebSocket.
type bidi struct {
	conn    *websocket.Conn
	onEvent func(method string, params json.RawMessage)
	mu      sync.Mutex
	next    int
	calls   map[int]chan bidiMessage
	done    chan struct{} // closed when the connection has ended
	err     error         // why, once done
}

// bidiMessage is any message from the remote end: a command's reply
// (success or error) or an event.
type bidiMessage struct {
	Type    string          `json:"type"`
	ID      *int            `json:"id"`
	Result  json.RawMessage `json:"result"`
	Error   string          `json:"error"`
	Message string          `json:"message"`
	Method  string          `json:"method"`
	Params  json.RawMessage `json:"params"`
}

func dialBiDi(ctx context.Context, url string, onEvent func(string, json.RawMessage)) (*bidi, error) {
	conn, _, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		return nil, fmt.Errorf("BiDi dial %s: %w", url, err)
	}
	conn.SetReadLimit(-1) // a result can be large: the stress runs' logs
	b := &bidi{conn: conn, onEvent: onEvent, calls: map[int]chan bidiMessage{}, done: make(chan struct{})}
	go b.read()
	return b, nil
}

func (b *bidi) read() {
	for {
		_, data, err := b.conn.Read(context.Background())
		if err != nil {
			b.mu.Lock()
			b.err = err
			b.mu.Unlock()
			close(b.done)
			return
		}
		var m bidiMessage
		if err := json.Unmarshal(data, &m); err != nil {
			continue
		}
		if m.Type == "event" {
			b.onEvent(m.Method, m.Params)
			continue
		}
		if m.ID == nil {
			continue // an error about a message that had no id
		}
		b.mu.Lock()
		c := b.calls[*m.ID]
		delete(b.calls, *m.ID)
		b.mu.Unlock()
		if c != nil {
			c <- m
		}
	}
}

// call sends one command and stores its result in result (if not nil).
func (b *bidi) call(ctx context.Context, method string, params, result any) error {
	reply := make(chan bidiMessage, 1)
	b.mu.Lock()
	b.next++
	id := b.next
	b.calls[id] = reply
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		delete(b.calls, id)
		b.mu.Unlock()
	}()
	msg, err := json.Marshal(map[string]any{"id": id, "method": method, "params": params})
	if err != nil {
		return err
	}
	if err := b.conn.Write(ctx, websocket.MessageText, msg); err != nil {
		return fmt.Errorf("BiDi %s: %w", method, err)
	}
	select {
	case m := <-reply:
		if m.Type == "error" {
			return fmt.Errorf("BiDi %s: %s: %s", method, m.Error, m.Message)
		}
		if result == nil {
			return nil
		}
		return json.Unmarshal(m.Result, result)
	case <-b.done:
		b.mu.Lock()
		defer b.mu.Unlock()
		return fmt.Errorf("BiDi %s: connection ended: %w", method, b.err)
	case <-ctx.Done():
		return fmt.Errorf("BiDi %s: %w", method, ctx.Err())
	}
}

func (b *bidi) close() { b.conn.CloseNow() } //nolint:errcheck // closing
