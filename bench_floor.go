package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"reportbot/bot/wecom"
	"reportbot/bot/wecom/wecomtest"
	"reportbot/store"
)

// benchLoad is what one or more phases of the load test measured.
type benchLoad struct {
	latencies      []time.Duration // per delivery, sorted by percentile
	turns, retries int64
	elapsed        time.Duration
	sorted         bool
	// CPU used during the phases: this process (clients, servers, GC,
	// background workers) and, when it can be read, Redis's.
	cpu, redisCPU time.Duration
	redisUnknown  bool // some phase could not read Redis's CPU
}

// add merges another phase's figures into l.
func (l *benchLoad) add(o benchLoad) {
	l.latencies = append(l.latencies, o.latencies...)
	l.turns += o.turns
	l.retries += o.retries
	l.elapsed += o.elapsed
	l.cpu += o.cpu
	l.redisCPU += o.redisCPU
	l.redisUnknown = l.redisUnknown || o.redisUnknown
	l.sorted = false
}

// cpuMeter reads the CPU time used so far by this process and by Redis.
type cpuMeter struct {
	rdb goredis.UniversalClient
}

// now returns this process's CPU time and Redis's (ok false when Redis's
// cannot be read, as on a cluster).
func (m cpuMeter) now() (proc, redis time.Duration, ok bool) {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	proc = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	c, single := m.rdb.(*goredis.Client)
	if !single {
		return proc, 0, false
	}
	info, err := c.Info(context.Background(), "cpu").Result()
	if err != nil {
		return proc, 0, false
	}
	var total float64
	for _, line := range strings.Split(info, "\n") {
		k, v, _ := strings.Cut(strings.TrimSpace(line), ":")
		if k == "used_cpu_sys" || k == "used_cpu_user" {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return proc, 0, false
			}
			total += f
		}
	}
	return proc, time.Duration(total * float64(time.Second)), true
}

// measure runs one phase and adds the CPU it used to its figures.
func (m cpuMeter) measure(run func() benchLoad) benchLoad {
	p0, r0, ok0 := m.now()
	l := run()
	p1, r1, ok1 := m.now()
	l.cpu, l.redisCPU, l.redisUnknown = p1-p0, r1-r0, !ok0 || !ok1
	return l
}

// cpuPerTurn is the CPU per first delivery (retries included in the
// cost) of this process and of Redis.
func (l *benchLoad) cpuPerTurn() (proc, redis time.Duration) {
	if l.turns == 0 {
		return 0, 0
	}
	return l.cpu / time.Duration(l.turns), l.redisCPU / time.Duration(l.turns)
}

// turnsPerSecond is first deliveries per second of wall time.
func (l *benchLoad) turnsPerSecond() float64 {
	if l.elapsed <= 0 {
		return 0
	}
	return float64(l.turns) / l.elapsed.Seconds()
}

// percentile returns the p-th latency (p in 0…1).
func (l *benchLoad) percentile(p float64) time.Duration {
	if len(l.latencies) == 0 {
		return 0
	}
	if !l.sorted {
		sort.Slice(l.latencies, func(i, j int) bool { return l.latencies[i] < l.latencies[j] })
		l.sorted = true
	}
	return l.latencies[min(len(l.latencies)-1, int(float64(len(l.latencies))*p))]
}

// benchDriver has simulated contacts send their messages through one
// callback client, conc of them at a time, a share of the messages
// delivered twice as WeCom retries them.
type benchDriver struct {
	client *wecomtest.Client
	users  []string
	conc   int
	retry  float64
	fail   func(format string, args ...any)
	trace  io.Writer // the first contact's conversation, if set
}

// run has the contacts idx send what script gives them, message ids
// prefixed by prefix, and returns what it measured.
func (d benchDriver) run(idx []int, prefix string, script func(i int) []string) benchLoad {
	var (
		mu  sync.Mutex
		out benchLoad
		wg  sync.WaitGroup
	)
	work := make(chan int)
	start := time.Now()
	for range d.conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var local benchLoad
			for i := range work {
				user := d.users[i]
				for j, text := range script(i) {
					id := fmt.Sprintf("%s%s-%d", prefix, user, j)
					t0 := time.Now()
					rep, err := d.client.Text(user, id, text)
					local.latencies = append(local.latencies, time.Since(t0))
					local.turns++
					if err != nil || rep.Status != 200 {
						d.fail("%s %q: %v status %d", user, text, err, rep.Status)
						break
					}
					if d.trace != nil && i == 0 {
						fmt.Fprintf(d.trace, "> %s\n%s\n", text, rep.Text)
					}
					if rand.Float64() < d.retry {
						again, err := d.client.Text(user, id, text)
						local.retries++
						if err != nil || again.Text != rep.Text {
							d.fail("retry of %s %q answered differently: %v", user, text, err)
						}
					}
				}
			}
			mu.Lock()
			out.add(local)
			mu.Unlock()
		}()
	}
	for _, i := range idx {
		work <- i
	}
	close(work)
	wg.Wait()
	out.elapsed = time.Since(start)
	return out
}

// benchSegments cuts contacts 0…n-1 into k segments of consecutive
// indexes (fewer when n < k).
func benchSegments(n, k int) [][]int {
	k = max(1, min(k, n))
	segs := make([][]int, k)
	for i := range n {
		segs[i*k/n] = append(segs[i*k/n], i)
	}
	return segs
}

// floorHandler is the bare turn `bench -floor` measures the real one
// against: it verifies and decrypts the callback, parses the message, makes
// one read and one Lua write (exactly-once by the message's marker) and
// encrypts a passive reply; no engine, no router, no form.
type floorHandler struct {
	codec *wecom.Codec
	store *store.Store
}

// newFloorHandler builds the floor with the real service's settings.
func newFloorHandler(cfg serveConfig, st *store.Store) (*floorHandler, error) {
	codec, err := wecom.NewCodec(cfg.Token, cfg.AESKey, cfg.CorpID, time.Now)
	if err != nil {
		return nil, err
	}
	return &floorHandler{codec: codec, store: st}, nil
}

// ServeHTTP answers one callback POST.
func (h *floorHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 64<<10))
	if err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	plain, err := h.codec.Open(q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce"), body)
	if err != nil {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	in, err := wecom.ParseInbound(plain)
	if err != nil {
		http.Error(w, "bad message", http.StatusBadRequest)
		return
	}
	m, kind := in.Turn()
	if kind != wecom.KindTurn {
		w.WriteHeader(http.StatusOK)
		return
	}
	now := time.Now()
	reply, err := h.store.BareTurn(r.Context(), m.User, m.ID, m.Text, "已记录："+m.Text+"。第", now)
	if err != nil {
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	env, err := h.codec.Seal(wecom.PassiveText(h.codec.CorpID(), m.User, reply+"条", now))
	if err != nil {
		http.Error(w, "seal", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Write(env)
}

// printFloor prints the real turn's figures beside the floor's, and their
// ratios, all from one run.
func printFloor(w io.Writer, real, floor *benchLoad) {
	line := func(name string, l *benchLoad) {
		fmt.Fprintf(w, "%s %6.0f turns/s, p50 %s, p99 %s (%d turns in %s)\n", name, l.turnsPerSecond(),
			l.percentile(0.50).Round(10*time.Microsecond), l.percentile(0.99).Round(10*time.Microsecond),
			l.turns, l.elapsed.Round(time.Millisecond))
	}
	fmt.Fprintln(w, "side by side, same run, segments alternating (real, floor, floor, real):")
	line("  real turn:", real)
	line("  floor:    ", floor)
	ratio, p99 := 0.0, 0.0
	if f := floor.turnsPerSecond(); f > 0 {
		ratio = real.turnsPerSecond() / f
	}
	if f := floor.percentile(0.99); f > 0 {
		p99 = float64(real.percentile(0.99)) / float64(f)
	}
	fmt.Fprintf(w, "real/floor: %.2f of the floor's turns/s, p99 %.2f× the floor's (target ≥ 0.80, ≤ 1.30)\n", ratio, p99)
	// CPU per turn moves far less than turns/s when other work shares the
	// machine: on a machine the bench saturates, the floor's CPU per turn
	// over the real turn's is what the turns/s ratio tends to. Redis's
	// share counts every client's commands: it is the turns' own only on
	// a Redis the bench has to itself.
	rp, rr := real.cpuPerTurn()
	fp, fr := floor.cpuPerTurn()
	if real.redisUnknown || floor.redisUnknown {
		rr, fr = 0, 0 // a cluster: Redis's share is left out
	}
	if rp+rr > 0 {
		fmt.Fprintf(w, "CPU per turn (this process: clients, servers, GC; + Redis): real %s + %s, floor %s + %s; floor/real %.2f\n",
			rp.Round(time.Microsecond), rr.Round(time.Microsecond), fp.Round(time.Microsecond), fr.Round(time.Microsecond),
			float64(fp+fr)/float64(rp+rr))
	}
}
