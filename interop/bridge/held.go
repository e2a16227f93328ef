package bridge

// HeldCount is how many SDP texts Held keeps for a peer: enough for every
// description the machine can still output in a real run (the one applied,
// queued remote ones, a deferred offer); an older one is copied again.
const HeldCount = 8

// Held is the SDP texts one peer's page gave, numbered by the page (ids
// from 1), the last HeldCount of them. The page keeps the same ring, so an
// input may name a text given before instead of copying it again, and an
// output description names the text the page holds (AppendJSON's held).
type Held struct {
	ring []heldText // oldest first
}

type heldText struct {
	id   uint32
	text string
}

// Add holds text as id, dropping the oldest text when HeldCount are held.
func (h *Held) Add(id uint32, text string) {
	if len(h.ring) == HeldCount {
		h.ring = append(h.ring[:0], h.ring[1:]...)
	}
	h.ring = append(h.ring, heldText{id, text})
}

// Text returns the text held as id.
func (h *Held) Text(id uint32) (string, bool) {
	for _, x := range h.ring {
		if x.id == id {
			return x.text, true
		}
	}
	return "", false
}

// ID returns the id of a held text equal to text, the newest one, or 0.
func (h *Held) ID(text string) int {
	for i := len(h.ring) - 1; i >= 0; i-- {
		if h.ring[i].text == text {
			return int(h.ring[i].id)
		}
	}
	return 0
}
