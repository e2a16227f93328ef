package sdptype_test

import (
	"errors"
	"testing"

	"github.com/glare-rtc/glare/sdptype"
	"github.com/google/go-cmp/cmp"
)

// TestParse: Parse keeps the description and gives ParseFacts' Facts, or
// its error.
func TestParse(t *testing.T) {
	d := sdptype.Description{Type: sdptype.Offer, SDP: vectorSDP(t, "offer.json")}
	p, err := sdptype.Parse(d)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(parseFacts(t, d.SDP), p.Facts()); p.Description() != d || diff != "" {
		t.Errorf("Parse: description %v, facts (-ParseFacts +Parse):\n%s", p.Description(), diff)
	}
	if _, err := sdptype.Parse(sdptype.Description{Type: sdptype.Offer, SDP: "garbage"}); !errors.Is(err, sdptype.ErrSDPSyntax) {
		t.Errorf("Parse(garbage): %v, want ErrSDPSyntax", err)
	}
	if z := (sdptype.Parsed{}); z.Facts() != nil || !z.Description().IsZero() {
		t.Errorf("zero Parsed: %v %v", z.Description(), z.Facts())
	}
}
