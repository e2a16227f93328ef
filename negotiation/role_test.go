package negotiation_test

import (
	"errors"
	"testing"

	"github.com/glare-rtc/glare/negotiation"
)

func TestRoleFor(t *testing.T) {
	for _, ids := range [][2]string{{"alice", "bob"}, {"b", "a"}, {"", "x"}, {"peer-10", "peer-9"}} {
		a, errA := negotiation.RoleFor(ids[0], ids[1])
		b, errB := negotiation.RoleFor(ids[1], ids[0])
		if errA != nil || errB != nil || a == b || (a != negotiation.Polite && a != negotiation.Impolite) {
			t.Errorf("RoleFor%q = %v, %v / %v, %v: want complementary roles", ids, a, errA, b, errB)
		}
		if again, _ := negotiation.RoleFor(ids[0], ids[1]); again != a {
			t.Errorf("RoleFor%q is not deterministic", ids)
		}
	}
	if r, _ := negotiation.RoleFor("a", "b"); r != negotiation.Polite {
		t.Errorf("the smaller ID should be polite, got %v", r)
	}
	if _, err := negotiation.RoleFor("same", "same"); !errors.Is(err, negotiation.ErrRole) {
		t.Errorf("equal IDs: %v, want ErrRole", err)
	}
}

func TestNoRole(t *testing.T) {
	if _, err := negotiation.New(0, negotiation.Options{}); !errors.Is(err, negotiation.ErrRole) {
		t.Errorf("New(0): %v, want ErrRole", err)
	}
	if _, err := negotiation.New(7, negotiation.Options{}); !errors.Is(err, negotiation.ErrRole) {
		t.Errorf("New(7): %v, want ErrRole", err)
	}
	var m negotiation.Machine // not made with New
	next, out, err := negotiation.Step(m, &negotiation.NegotiationNeeded{})
	if len(out.Actions)+len(out.Events) != 0 || next.String() != m.String() || !errors.Is(err, negotiation.ErrRole) {
		t.Fatalf("Step on a zero Machine: %v %v %v, want ErrRole and no change", out.Actions, out.Events, err)
	}
}
