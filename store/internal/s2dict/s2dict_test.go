package s2dict

import (
	"bytes"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/klauspost/compress/s2"
)

// shipped is a dictionary strikes ships (store/dicts), and samples of
// what it compresses: the dictionary's own text cut up and mixed.
func shipped(t testing.TB) (*Encoder, [][]byte) {
	t.Helper()
	raw, err := os.ReadFile("../../dicts/records.s2dict")
	if err != nil {
		t.Fatal(err)
	}
	e := New(raw)
	if e == nil {
		t.Fatal("the shipped dictionary does not read")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	var samples [][]byte
	for range 2000 {
		var b []byte
		for len(b) < 40+rng.IntN(600) {
			switch rng.IntN(3) {
			case 0: // a piece of the dictionary
				at := rng.IntN(len(e.dict) - 64)
				b = append(b, e.dict[at:at+4+rng.IntN(60)]...)
			case 1: // a piece of itself
				if len(b) > 10 {
					at := rng.IntN(len(b) - 4)
					b = append(b, b[at:at+4+rng.IntN(len(b)-at-4)]...)
				}
			default: // noise
				for range rng.IntN(20) {
					b = append(b, byte(rng.Uint32()))
				}
			}
		}
		samples = append(samples, b)
	}
	return e, samples
}

// roundTrip encodes src and decodes it with the library.
func roundTrip(t testing.TB, e *Encoder, src []byte) []byte {
	t.Helper()
	enc := e.Encode(nil, src)
	if len(enc) > s2.MaxEncodedLen(len(src)) {
		t.Fatalf("a block of %d bytes encoded to %d, more than s2 allows", len(src), len(enc))
	}
	got, err := e.Dict().Decode(nil, enc)
	if err != nil {
		t.Fatalf("the library cannot decode a block of %d bytes: %v", len(src), err)
	}
	if !bytes.Equal(got, src) {
		t.Fatalf("a block of %d bytes decodes to other bytes", len(src))
	}
	return enc
}

// TestRoundTrip holds the encoder to the library's decoder, and its
// compression to the library's encoder's, on blocks like records.
func TestRoundTrip(t *testing.T) {
	e, samples := shipped(t)
	var ours, lib, raw int
	for _, b := range samples {
		ours += len(roundTrip(t, e, b))
		lib += len(e.Dict().Encode(nil, b))
		raw += len(b)
	}
	t.Logf("%d bytes: %d with s2dict, %d with s2.Dict.Encode", raw, ours, lib)
	if ours > lib*105/100 {
		t.Errorf("s2dict compresses to %d bytes, s2.Dict.Encode to %d: more than 5%% worse", ours, lib)
	}
	for _, b := range [][]byte{nil, {1}, []byte("1234567"), []byte("12345678"), bytes.Repeat([]byte("a"), 300),
		bytes.Repeat([]byte("ab"), MaxBlock/2), bytes.Repeat([]byte{0}, MaxBlock+1), e.dict[len(e.dict)-200:], e.dict[:300]} {
		roundTrip(t, e, b)
	}
}

// TestLongCopies makes copies of every length near the format's limits
// (4, 11, 64 and their neighbours), from the block and from near and far
// in the dictionary.
func TestLongCopies(t *testing.T) {
	e, _ := shipped(t)
	for n := 1; n < 200; n++ {
		for _, at := range []int{0, len(e.dict) / 2, len(e.dict) - 2048, len(e.dict) - n} {
			if at < 0 || at+n > len(e.dict) {
				continue
			}
			src := append([]byte("\x00\x01\x02\x03\x04\x05\x06\x07"), e.dict[at:at+n]...)
			src = append(src, src...)
			roundTrip(t, e, src)
		}
	}
}

func FuzzEncode(f *testing.F) {
	e, samples := shipped(f)
	for _, b := range samples[:20] {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		roundTrip(t, e, src)
		// The dictionary's own text, as records hold it.
		if len(src) > 2 {
			at := int(src[0])<<8 | int(src[1])
			if at < len(e.dict) {
				roundTrip(t, e, append(src[2:], e.dict[at:min(len(e.dict), at+len(src))]...))
			}
		}
	})
}

func BenchmarkEncode(b *testing.B) {
	e, samples := shipped(b)
	var n int
	for _, s := range samples {
		n += len(s)
	}
	dst := make([]byte, s2.MaxEncodedLen(MaxBlock))
	b.Run("s2dict", func(b *testing.B) {
		b.SetBytes(int64(n / len(samples)))
		for i := 0; b.Loop(); i++ {
			e.Encode(dst, samples[i%len(samples)])
		}
	})
	b.Run("s2.Dict", func(b *testing.B) {
		b.SetBytes(int64(n / len(samples)))
		for i := 0; b.Loop(); i++ {
			e.Dict().Encode(dst, samples[i%len(samples)])
		}
	})
}

// TestNeverGrows writes blocks where every copy costs more than it saves:
// after each literal of 61 bytes, 4 bytes of the dictionary whose next 2
// make a hash that finds them there (so the match is 4 bytes, a 3-byte
// copy, after a literal whose header grew by one). The block must stay
// within s2.MaxEncodedLen (the encoder wrote past it, and panicked,
// before each element was sized first) and decode exactly.
func TestNeverGrows(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	raw := make([]byte, 60000)
	for i := range raw {
		raw[i] = byte(rng.Uint32())
	}
	e := New(append([]byte{0}, raw...))
	// bait is 6 bytes that the dictionary's table sends to 4 matching
	// bytes of the dictionary, and not 5.
	var baits [][]byte
	for p := len(raw) - 9; p > len(raw)-60000/2 && len(baits) < 100; p -= 7 {
		if int(e.tab[hash(load64(raw, p), dictBits)]) != p {
			continue
		}
		want := hash(load64(raw, p), dictBits)
		b := append([]byte(nil), raw[p:p+8]...)
		for xy := range 1 << 16 {
			b[4], b[5] = byte(xy), byte(xy>>8)
			if b[4] != raw[p+4] && hash(load64(b, 0), dictBits) == want {
				baits = append(baits, bytes.Clone(b[:6]))
				break
			}
		}
	}
	if len(baits) < 60 {
		t.Fatalf("found %d baits; the test wants 60", len(baits))
	}
	for _, lit := range []int{61, 62, 256, 257} {
		var src []byte
		for i := 0; len(src) < MaxBlock; i++ {
			for range lit {
				src = append(src, byte(rng.Uint32()))
			}
			src = append(src, baits[i%len(baits)]...)
		}
		for _, n := range []int{1000, 4095, MaxBlock} {
			roundTrip(t, e, src[:n])
		}
	}
}
