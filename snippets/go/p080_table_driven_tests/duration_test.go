package duration_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"example.com/patterns/p080_table_driven_tests"
)

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		want    time.Duration
		wantErr bool
	}{
		{name: "hours and minutes", in: "1h30m", want: 90 * time.Minute},
		{name: "seconds only", in: "45s", want: 45 * time.Second},
		{name: "hours only", in: "2h", want: 2 * time.Hour},
		{name: "all three units", in: "1h0m5s", want: time.Hour + 5*time.Second},
		{name: "zero", in: "0s", want: 0},
		{name: "empty string", in: "", wantErr: true},
		{name: "number without unit", in: "90", wantErr: true},
		{name: "unknown unit", in: "1d", wantErr: true},
		{name: "units out of order", in: "30m1h", wantErr: true},
		{name: "unit repeated", in: "1h1h", wantErr: true},
		{name: "negative", in: "-5m", wantErr: true},
		{name: "trailing newline", in: "5m\n", wantErr: true},
		{name: "fullwidth digit", in: "\uff15m", wantErr: true},
		// Rows Python does not need: its int never overflows.
		{name: "largest duration", in: "2562047h47m16s", want: 2562047*time.Hour + 47*time.Minute + 16*time.Second},
		{name: "one second too many", in: "2562047h47m17s", wantErr: true},
		{name: "more digits than int64", in: "99999999999999999999s", wantErr: true},
	}
	for _, tt := range tests {
		// Since Go 1.22 each iteration has its own tt, so parallel subtests
		// no longer need the old `tt := tt` copy.
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := duration.Parse(tt.in)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("Parse(%+q) = %v, want an error", tt.in, got)
				}
				if quoted := strconv.QuoteToASCII(tt.in); !strings.Contains(err.Error(), quoted) {
					t.Errorf("error %q does not quote the input %s", err, quoted)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%+q) returned error %v, want %v", tt.in, err, tt.want)
			}
			if got != tt.want {
				t.Errorf("Parse(%+q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func ExampleParse() {
	d, err := duration.Parse("1h30m")
	fmt.Println(d, d.Seconds(), err)

	_, err = duration.Parse("5m\n")
	fmt.Println(err)
	// Output:
	// 1h30m0s 5400 <nil>
	// invalid duration "5m\n": expected whole hours, minutes and seconds in that order, like "1h30m" or "45s"
}
