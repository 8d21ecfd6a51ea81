package dataplane

import (
	"errors"
	"fmt"
	"math/bits"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
	"github.com/cilium/ebpf/link"
	"golang.org/x/sys/unix"
)

// The kernel fast path: both sockets of a tunnel go into a BPF sockmap
// whose sk_skb verdict program sends each arriving segment straight out of
// the other socket. Bytes stay in the kernel and the gateway is not woken
// per message; it still owns both sockets (timeout, idle-drop, billing).
//
// Each tunnel has two slots, 2i for the client's socket and 2i+1 for the
// instance's; a socket's peer is its slot with the low bit flipped. Each
// slot has a state word that the program and the gateway update
// atomically: the bytes that arrived on the socket since it was added, and
// a top bit that says whether they are redirected (else passed up to the
// gateway, which reads the instance's handshake answer that way).

// kernelSlots bounds the tunnels on the fast path at once (two slots each);
// beyond it new tunnels take the user-space relay.
const kernelSlots = 1 << 16

// redirectBit in a state word: arriving bytes go to the peer.
const redirectBit = 1 << 63

type kernel struct {
	socks  *ebpf.Map // SOCKMAP: slot → socket
	slots  *ebpf.Map // HASH: socket cookie → slot
	states *ebpf.Map // ARRAY, mapped into memory: slot → state word
	prog   *ebpf.Program
	mem    []byte
	free   pairSet
}

var (
	kernelOnce sync.Once
	kernelPath *kernel
	kernelErr  error
)

// loadKernel sets the fast path up once per process. An error (no
// CAP_BPF, an old kernel) means the user-space relay.
func loadKernel() (*kernel, error) {
	kernelOnce.Do(func() { kernelPath, kernelErr = newKernel() })
	return kernelPath, kernelErr
}

func newKernel() (_ *kernel, err error) {
	k := &kernel{}
	defer func() {
		if err != nil {
			k.close()
		}
	}()
	if k.socks, err = ebpf.NewMap(&ebpf.MapSpec{Name: "ws_socks", Type: ebpf.SockMap, KeySize: 4, ValueSize: 8, MaxEntries: kernelSlots}); err != nil {
		return nil, fmt.Errorf("sockmap: %w", err)
	}
	if k.slots, err = ebpf.NewMap(&ebpf.MapSpec{Name: "ws_slots", Type: ebpf.Hash, KeySize: 8, ValueSize: 4, MaxEntries: kernelSlots}); err != nil {
		return nil, fmt.Errorf("slot map: %w", err)
	}
	if k.states, err = ebpf.NewMap(&ebpf.MapSpec{Name: "ws_states", Type: ebpf.Array, KeySize: 4, ValueSize: 8, MaxEntries: kernelSlots, Flags: unix.BPF_F_MMAPABLE}); err != nil {
		return nil, fmt.Errorf("state map: %w", err)
	}
	if k.mem, err = unix.Mmap(k.states.FD(), 0, kernelSlots*8, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED); err != nil {
		return nil, fmt.Errorf("map the state words: %w", err)
	}
	if k.prog, err = ebpf.NewProgram(&ebpf.ProgramSpec{
		Name:         "ws_redirect",
		Type:         ebpf.SkSKB,
		License:      "GPL", // the sockmap helpers are GPL-only
		Instructions: verdictProgram(k.slots.FD(), k.states.FD(), k.socks.FD()),
	}); err != nil {
		return nil, fmt.Errorf("load the verdict program: %w", err)
	}
	if err = link.RawAttachProgram(link.RawAttachProgramOptions{
		Target: k.socks.FD(), Program: k.prog, Attach: ebpf.AttachSkSKBStreamVerdict,
	}); err != nil {
		return nil, fmt.Errorf("attach the verdict program: %w", err)
	}
	k.free = newPairSet(kernelSlots / 2)
	return k, nil
}

func (k *kernel) close() {
	if k.mem != nil {
		_ = unix.Munmap(k.mem)
	}
	if k.prog != nil {
		k.prog.Close()
	}
	for _, m := range []*ebpf.Map{k.socks, k.slots, k.states} {
		if m != nil {
			m.Close()
		}
	}
}

// verdictProgram is, in C:
//
//	if (!skb->len) return SK_DROP;
//	u64 cookie = bpf_get_socket_cookie(skb);
//	u32 *slot = bpf_map_lookup_elem(&slots, &cookie);
//	if (!slot) return SK_PASS;
//	u64 *st = bpf_map_lookup_elem(&states, slot);
//	if (!st) return SK_PASS;
//	if (!(__sync_fetch_and_add(st, skb->len) & REDIRECT)) return SK_PASS;
//	return bpf_sk_redirect_map(skb, &socks, *slot ^ 1, 0);
//
// written with the assembler so that building needs no C compiler.
func verdictProgram(slots, states, socks int) asm.Instructions {
	const skDrop, skPass = 0, 1
	return asm.Instructions{
		asm.Mov.Reg(asm.R6, asm.R1), // skb
		// A FIN arrives as an empty segment; redirected, it would break
		// the peer's socket (the kernel's backlog takes a zero-length send
		// for a broken pipe). TCP has seen the FIN already: the gateway
		// reads it as an end and half-closes the peer itself.
		asm.LoadMem(asm.R2, asm.R6, 0, asm.Word),
		asm.JNE.Imm(asm.R2, 0, "data"),
		asm.Mov.Imm(asm.R0, skDrop),
		asm.Return(),
		asm.FnGetSocketCookie.Call().WithSymbol("data"),
		asm.StoreMem(asm.RFP, -8, asm.R0, asm.DWord),
		asm.LoadMapPtr(asm.R1, slots),
		asm.Mov.Reg(asm.R2, asm.RFP),
		asm.Add.Imm(asm.R2, -8),
		asm.FnMapLookupElem.Call(),
		asm.JEq.Imm(asm.R0, 0, "pass"),
		asm.LoadMem(asm.R7, asm.R0, 0, asm.Word), // slot
		asm.StoreMem(asm.RFP, -12, asm.R7, asm.Word),
		asm.LoadMapPtr(asm.R1, states),
		asm.Mov.Reg(asm.R2, asm.RFP),
		asm.Add.Imm(asm.R2, -12),
		asm.FnMapLookupElem.Call(),
		asm.JEq.Imm(asm.R0, 0, "pass"),
		asm.LoadMem(asm.R2, asm.R6, 0, asm.Word), // skb->len
		fetchAdd(asm.R0, asm.R2),                 // r2 = old state word
		asm.RSh.Imm(asm.R2, 63),
		asm.JEq.Imm(asm.R2, 0, "pass"),
		asm.Xor.Imm(asm.R7, 1), // the peer's slot
		asm.Mov.Reg(asm.R1, asm.R6),
		asm.LoadMapPtr(asm.R2, socks),
		asm.Mov.Reg(asm.R3, asm.R7),
		asm.Mov.Imm(asm.R4, 0), // egress: out of the peer socket
		asm.FnSkRedirectMap.Call(),
		asm.Return(),
		asm.Mov.Imm(asm.R0, skPass).WithSymbol("pass"),
		asm.Return(),
	}
}

// fetchAdd is `src = atomic_fetch_add((u64 *)dst, src)`. The assembler's
// own asm.FetchAdd (cilium/ebpf v0.22.0) encodes its immediate before
// setting it, which yields a plain add that returns nothing; the immediate
// set here (BPF_ADD | BPF_FETCH) is what the kernel reads.
func fetchAdd(dst, src asm.Register) asm.Instruction {
	ins := asm.FetchAdd.Mem(dst, src, asm.DWord, 0)
	ins.Constant = 0x01
	return ins
}

// state is a slot's state word, shared with the program.
func (k *kernel) state(slot uint32) *atomic.Uint64 {
	return (*atomic.Uint64)(unsafe.Pointer(&k.mem[slot*8]))
}

// add puts a socket in slot, with the state word set first so that the
// program never sees the socket with a stale word.
func (k *kernel) add(slot uint32, fd int, cookie uint64, word uint64) error {
	k.state(slot).Store(word)
	if err := k.slots.Put(cookie, slot); err != nil {
		return err
	}
	if err := k.socks.Put(slot, uint64(fd)); err != nil {
		_ = k.slots.Delete(cookie)
		return err
	}
	return nil
}

// remove takes a socket out; closing it does that too, so errors are moot.
func (k *kernel) remove(slot uint32, cookie uint64) {
	_ = k.socks.Delete(slot)
	_ = k.slots.Delete(cookie)
}

// pairSet hands out tunnel indexes without a lock: a bitmap scanned from a
// rotating hint, taken and freed with atomic operations.
type pairSet struct {
	words []atomic.Uint64
	hint  atomic.Uint32
}

func newPairSet(n int) pairSet { return pairSet{words: make([]atomic.Uint64, n/64)} }

var errNoPair = errors.New("every fast-path slot is taken")

func (s *pairSet) take() (uint32, error) {
	n := uint32(len(s.words))
	start := s.hint.Add(1)
	for i := range n {
		w := (start + i) % n
		for {
			v := s.words[w].Load()
			if v == ^uint64(0) {
				break
			}
			b := uint32(bits.TrailingZeros64(^v))
			if s.words[w].CompareAndSwap(v, v|1<<b) {
				return w*64 + b, nil
			}
		}
	}
	return 0, errNoPair
}

func (s *pairSet) put(i uint32) { s.words[i/64].And(^(uint64(1) << (i % 64))) }
