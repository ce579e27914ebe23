; The ledger's worker (kernel/README.md §Ledger): endpoint 0 takes r7 = work rounds and r8 = a
; seed and replies with a 64-bit digest after `work` rounds of mixing — the stand-in for a
; transaction's own computation, whose gas the chain meters per transaction.
    move_reg r2, r8                 ; acc = seed
    load_imm r3, 0                  ; i = 0
    load_imm_64 r4, 0x9E3779B97F4A7C15
    fallthrough
loop:
    branch_ge_u r3, r7, done
    fallthrough
round:
    mul_64 r2, r2, r4
    add_64 r2, r2, r3
    shlo_r_imm_64 r5, r2, 29
    xor r2, r2, r5
    add_imm_64 r3, r3, 1
    jump loop
done:
    move_reg r7, r2
    ecalli REPLY
