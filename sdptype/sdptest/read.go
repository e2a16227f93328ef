package sdptest

import (
	"os"

	"github.com/glare-rtc/glare/sdptype"
)

// ReadDescription reads a description saved as the browser's JSON
// (RTCSessionDescriptionInit), as the vectors in testdata are.
func ReadDescription(path string) (sdptype.Description, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return sdptype.Description{}, err
	}
	var d sdptype.Description
	err = d.UnmarshalJSON(data)
	return d, err
}
