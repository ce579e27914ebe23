; A PVM demo for `deno task run pvm`: prints the Fibonacci numbers below 10^15 and counts the
; primes below 10,000 with a sieve in heap memory. Host calls of the `pvm` command:
;   ecalli 100  log:       a0 = address of UTF-8 text, a1 = its length
;   ecalli 101  print_u64: a0 = the number to print
.equ LOG, 100
.equ PRINT, 101
.equ LIMIT, 10000
.stack_size 4096
.heap_pages 3                   ; 12 KiB of zeroed heap right after .rw_data: the sieve

.ro_data
title:      .ascii "Fibonacci numbers below 10^15:\n"
title_end:
primes:     .ascii "primes below 10000:\n"
primes_end:

.rw_data
sieve:      .byte 0             ; first byte of the sieve; the heap pages follow it

.code
    move_reg s1, ra             ; keep the halt address
    load_imm a0, title
    load_imm a1, title_end - title
    ecalli LOG

    ; Fibonacci: t0 = a, t1 = b; print a while a < 10^15
    load_imm t0, 0
    load_imm t1, 1
    load_imm_64 t2, 1000000000000000
    fallthrough
fib:
    branch_ge_u t0, t2, fib_done
    move_reg a0, t0
    ecalli PRINT
    add_64 s0, t0, t1           ; s0 = a + b
    move_reg t0, t1
    move_reg t1, s0
    jump fib
fib_done:
    load_imm a0, primes
    load_imm a1, primes_end - primes
    ecalli LOG

    ; Sieve of Eratosthenes over bytes sieve[0 .. LIMIT): 1 = composite
    load_imm t0, 2              ; i
    load_imm t2, LIMIT
    fallthrough
outer:
    mul_64 t1, t0, t0           ; j = i * i
    branch_ge_u t1, t2, count
    load_ind_u8 s0, [t0 + sieve]
    branch_ne_imm s0, 0, next_i
    fallthrough
inner:
    store_imm_ind_u8 [t1 + sieve], 1
    add_64 t1, t1, t0
    branch_lt_u t1, t2, inner
    fallthrough
next_i:
    add_imm_64 t0, t0, 1
    jump outer
count:
    load_imm t0, 2
    load_imm a0, 0
    fallthrough
count_loop:
    load_ind_u8 s0, [t0 + sieve]
    set_lt_u_imm s0, s0, 1      ; 1 when prime
    add_64 a0, a0, s0
    add_imm_64 t0, t0, 1
    branch_lt_u t0, t2, count_loop
    ecalli PRINT
    jump_ind s1, 0              ; halt
