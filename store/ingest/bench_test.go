package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"testing"
)

// ucdpRows generates n UCDP-shaped rows (41 columns, quoted text fields,
// varied names) after the fixture's header.
func ucdpRows(b *testing.B, n int) []byte {
	raw, err := os.ReadFile(fixture("ucdp.csv"))
	if err != nil {
		b.Fatal(err)
	}
	header := raw[:bytes.IndexByte(raw, '\n')+1]
	var buf bytes.Buffer
	buf.Write(header)
	places := []string{"Teir Maaleh village", "Ar Raqqah town", "Aleppo town", "Ein Laroz town", "Tanab village"}
	sides := []string{"Government of Syria", "IS", "SDF", "Ahrar al-Sham, Jabhat Fateh al-Sham", "Syrian insurgents"}
	for i := 0; i < n; i++ {
		a, s := sides[i%5], sides[(i+1)%5]
		fmt.Fprintf(&buf, `%d,2016,1,%d,299,"Syria: Government",11973,"%s - %s",118,"%s",4456,,"%s",1,"""SOHR,2016-01-01,synthetic""","SOHR;Airwars","2016-01-01","synthetic headline","SOHR",%d,"%s","Homs Governorate","Ar Rastan district",34.802462,36.707602,"POINT (36.707602 34.802462)",179714,"Syria",652,"Middle East",1,1,2016-01-%02d,2016-01-%02d,%d,2,0,0,4,%d,9`+"\n",
			200000+i, 1+i%3, a, s, a, s, 1+i%4, places[i%5], 1+i%28, 1+i%28, i%3, 4+i%5)
	}
	return buf.Bytes()
}

// BenchmarkUCDP measures UCDP parsing in rows per second.
func BenchmarkUCDP(b *testing.B) {
	const n = 50000
	data := ucdpRows(b, n)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		r, err := Open(FormatUCDP, "bench.csv", bytes.NewReader(data), Options{})
		if err != nil {
			b.Fatal(err)
		}
		rows := 0
		for {
			_, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			rows++
		}
		if rows != n {
			b.Fatalf("%d rows", rows)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkRealAirwars measures the Airwars import with its sources.
func BenchmarkRealAirwars(b *testing.B) {
	p := realData(b, "airwars/syria-incidents.csv")
	for b.Loop() {
		f, _ := os.Open(p)
		r, err := Open(FormatAirwars, p, f, Options{})
		if err != nil {
			b.Fatal(err)
		}
		for {
			if _, err := r.Next(); err != nil {
				break
			}
		}
		f.Close()
	}
}
