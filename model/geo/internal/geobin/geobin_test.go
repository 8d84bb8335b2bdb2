package geobin

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// sample is a small topology of the format's shapes: two regions sharing an arc (one drawn),
// a hole, a reversed reference and negative coordinates.
func sample() *Topology {
	return &Topology{
		Attribution: "Made with Natural Earth (test)",
		Units:       1000,
		Layers: []Layer{
			{
				Name: "countries",
				Arcs: []Arc{
					{Points: [][2]int32{{35000, 32000}, {36000, 32000}, {36000, 33000}}, Drawn: true},
					{Points: [][2]int32{{36000, 33000}, {35000, 33000}, {35000, 32000}}, Drawn: true},
					{Points: [][2]int32{{36000, 32000}, {37000, 32000}, {37000, 33000}, {36000, 33000}}, Drawn: false},
					{Points: [][2]int32{{-17500, -500}, {-17400, -500}, {-17400, -400}, {-17500, -500}}, Drawn: true},
				},
				Regions: []Region{
					{Name: "West", Code: "760", Polygons: [][][]int32{{{0, 1}, {3}}}},
					{Name: "East", Code: "368", Country: "", Polygons: [][][]int32{{{2, ^0}}}},
				},
			},
			{Name: "admin1", Arcs: nil, Regions: nil},
		},
	}
}

func TestRoundTrip(t *testing.T) {
	want := sample()
	got, err := Decode(Encode(want))
	if err != nil {
		t.Fatal(err)
	}
	// Decode makes empty slices where Encode was given nil ones; compare what they hold.
	for i := range got.Layers {
		if len(got.Layers[i].Arcs) == 0 {
			got.Layers[i].Arcs = nil
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("round trip changed the topology:\n got %+v\nwant %+v", got, want)
	}
}

func TestDecodeRefusesDamage(t *testing.T) {
	good := Encode(sample())
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "does not start with"},
		{"other magic", []byte("STRKGEO2" + string(good[8:])), "does not start with"},
		{"cut short", good[:len(good)-3], "byte"},
		{"trailing bytes", append(append([]byte{}, good...), 0, 0), "follow the last layer"},
		{"huge count", append([]byte(Magic), 0, 0xe8, 0x07, 0xff, 0xff, 0xff, 0xff, 0x0f), "cannot fit"},
		{"zero units", append([]byte(Magic), 0, 0, 0), "out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(tt.data)
			if err == nil {
				t.Fatal("Decode accepted damaged bytes")
			}
			if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %q: want ErrFormat mentioning %q", err, tt.want)
			}
		})
	}
}

func TestDecodeRefusesUnknownArc(t *testing.T) {
	s := sample()
	s.Layers[0].Regions[0].Polygons[0][0][1] = 9
	_, err := Decode(Encode(s))
	if err == nil || !strings.Contains(err.Error(), "arc 9 does not exist") {
		t.Fatalf("got %v, want an error naming arc 9", err)
	}
	s.Layers[0].Regions[0].Polygons[0][0][1] = ^9
	if _, err := Decode(Encode(s)); err == nil {
		t.Fatal("a reversed reference to a missing arc was accepted")
	}
}

func FuzzDecode(f *testing.F) {
	good := Encode(sample())
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte(Magic))
	f.Fuzz(func(t *testing.T, data []byte) {
		top, err := Decode(data)
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("error %v does not wrap ErrFormat", err)
			}
			return
		}
		// What decodes must survive a round trip unchanged.
		again, err := Decode(Encode(top))
		if err != nil {
			t.Fatalf("re-encoded topology does not decode: %v", err)
		}
		if !reflect.DeepEqual(again, top) {
			t.Fatalf("round trip changed a decoded topology")
		}
	})
}
