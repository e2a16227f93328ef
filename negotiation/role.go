package negotiation

import "strconv"

// Role is a peer's part in Perfect Negotiation. The zero value is invalid:
// a machine without a role is refused (both polite or both impolite would
// never converge).
type Role uint8

// The two roles. Exactly one of two peers must be polite.
const (
	// Polite peers roll their own offer back and accept a colliding one.
	Polite Role = iota + 1
	// Impolite peers ignore a colliding offer and its candidates.
	Impolite
)

// String returns "polite" or "impolite".
func (r Role) String() string {
	switch r {
	case Polite:
		return "polite"
	case Impolite:
		return "impolite"
	}
	return "Role(" + strconv.Itoa(int(r)) + ")"
}

// RoleFor gives two peers complementary roles from their IDs: the peer
// whose ID sorts first (byte-wise) is polite. Both peers calling it with
// their own and the other's ID get opposite roles. Equal IDs are an error
// (ErrRole).
func RoleFor(localID, remoteID string) (Role, error) {
	switch {
	case localID < remoteID:
		return Polite, nil
	case localID > remoteID:
		return Impolite, nil
	}
	return 0, &Error{Input: "RoleFor", Err: ErrRole, Reason: "equal peer IDs " + strconv.Quote(localID)}
}
