module github.com/glare-rtc/glare

go 1.24.0

require (
	github.com/google/go-cmp v0.7.0
	github.com/pion/sdp/v3 v3.0.20
	pgregory.net/rapid v1.3.0
)

require github.com/pion/randutil v0.1.0 // indirect
