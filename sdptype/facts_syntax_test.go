package sdptype_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/google/go-cmp/cmp"
)

// checkSyntaxError checks that err is an *sdptype.Error for ErrSDPSyntax at
// the given line, and returns it.
func checkSyntaxError(t *testing.T, err error, line int, input string) *sdptype.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want a syntax error at line %d", line)
	}
	if !errors.Is(err, sdptype.ErrSDPSyntax) {
		t.Errorf("error %v does not satisfy errors.Is(err, ErrSDPSyntax)", err)
	}
	if errors.Is(err, sdptype.ErrTypeError) || errors.Is(err, sdptype.ErrJSON) {
		t.Errorf("error %v also unwraps to another sentinel", err)
	}
	var e *sdptype.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *sdptype.Error", err, err)
	}
	if e.Line != line {
		t.Errorf("Line = %d, want %d (error %v)", e.Line, line, err)
	}
	if e.Input != input {
		t.Errorf("Input = %q, want %q", e.Input, input)
	}
	if e.What != "sdp" {
		t.Errorf("What = %q, want \"sdp\"", e.What)
	}
	return e
}

func TestParseFactsEmptyAndGarbage(t *testing.T) {
	for _, text := range []string{"", "x", "o=- 1 1 IN IP4 127.0.0.1\r\nv=0\r\n", "\r\nv=0\r\n", " v=0\r\n", "V=0\r\n"} {
		f, err := sdptype.ParseFacts(text)
		if f != nil {
			t.Errorf("ParseFacts(%q) returned Facts with the error", text)
		}
		first, _, _ := strings.Cut(text, "\n")
		checkSyntaxError(t, err, 1, strings.TrimSuffix(first, "\r"))
	}
}

func TestParseFactsFifthLine(t *testing.T) {
	text := withHeader("bad line", "m=audio 9 RTP/AVP 0", "a=mid:0")
	_, err := sdptype.ParseFacts(text)
	e := checkSyntaxError(t, err, 5, "bad line")
	if e.Cause == nil {
		t.Errorf("no Cause: want pion/sdp's error")
	} else if !errors.Is(err, e.Cause) {
		t.Errorf("errors.Is(err, Cause) = false: the cause does not unwrap")
	}
	if msg := err.Error(); !strings.Contains(msg, "line 5") || !strings.Contains(msg, `"bad line"`) {
		t.Errorf("Error() = %q, want the line number and the quoted line", msg)
	}
}

func TestParseFactsSyntaxErrorLines(t *testing.T) {
	long := "m=audio 9 RTP/AVP 0" + strings.Repeat(" x", 40) + "z"
	for _, tc := range []struct {
		name  string
		text  string
		line  int    // 1-based line that is wrong
		input string // that line's text
	}{
		{"no equals on line 2", sdpLines("v=0", "x"), 2, "x"},
		{"version 1", sdpLines("v=1", "o=- 1 1 IN IP4 127.0.0.1"), 1, "v=1"},
		{"version not a number", sdpLines("v=x"), 1, "v=x"},
		{"origin missing", sdpLines("v=0", "s=-", "t=0 0"), 2, "s=-"},
		{"session id not a number", sdpLines("v=0", "o=- x 1 IN IP4 127.0.0.1", "s=-", "t=0 0"), 2, "o=- x 1 IN IP4 127.0.0.1"},
		{"media before timing", sdpLines("v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "m=audio 9 RTP/AVP 0"), 4, "m=audio 9 RTP/AVP 0"},
		{"bad line 5", withHeader("bad line"), 5, "bad line"},
		{"bad port", withHeader("a=group:BUNDLE 0", "m=audio x RTP/AVP 0", "a=mid:0"), 6, "m=audio x RTP/AVP 0"},
		{"m line without port", withHeader("m=audio", "a=mid:0"), 5, "m=audio"},
		{"timezone in a media section", withHeader("m=audio 9 RTP/AVP 0", "a=mid:0", "z=0 0"), 7, "z=0 0"},
		{"second version line", withHeader("m=audio 9 RTP/AVP 0", "a=mid:0", "v=0"), 7, "v=0"},
		{"empty key in second section", withHeader("m=audio 9 RTP/AVP 0", "a=mid:0", "m=video 9 RTP/AVP 96", "a=mid:1", "=x"), 9, "=x"},
		{"blank lines are counted", sdpLines("v=0", "", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "", "t=0 0", "broken"), 7, "broken"},
		{"no line break after the last line", strings.TrimSuffix(withHeader("a=mid:0"), "\r\n"), 5, "a=mid:0"},
		{"long line is cut to 80 bytes", withHeader("a=x", "bad"+long), 6, ("bad" + long)[:80]},
		{"LF line ends", strings.ReplaceAll(withHeader("a=x:1", "m=audio 9 RTP/AVP 0", "bad"), "\r\n", "\n"), 7, "bad"},
		{"mixed line ends", "v=0\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\nt=0 0\r\nwrong\n", 5, "wrong"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// The expected line must be the one holding the expected input.
			if lines := strings.Split(tc.text, "\n"); !strings.HasPrefix(lines[tc.line-1], tc.input) {
				t.Fatalf("bad test case: line %d is %q, not %q", tc.line, lines[tc.line-1], tc.input)
			}
			f, err := sdptype.ParseFacts(tc.text)
			if f != nil {
				t.Errorf("ParseFacts returned Facts with the error")
			}
			e := checkSyntaxError(t, err, tc.line, tc.input)
			if e.Cause == nil {
				t.Errorf("no Cause: want pion/sdp's error")
			}
		})
	}
}

// TestParseFactsMinimal checks that a session without media parses, so the
// syntax-error cases above fail for the line they name, not the header.
func TestParseFactsMinimal(t *testing.T) {
	f := parseFacts(t, withHeader())
	if len(f.Media) != 0 || f.BundleGroups != nil {
		t.Errorf("minimal SDP: %+v, want no media and no BUNDLE group", f)
	}
	f = parseFacts(t, withHeader("m=audio 9 RTP/AVP 0"))
	if diff := cmp.Diff([]sdptype.Media{{Kind: "audio", Direction: sdptype.Sendrecv}}, f.Media); diff != "" {
		t.Errorf("section without mid (-want +got):\n%s", diff)
	}
}
