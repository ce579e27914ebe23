; The example ledger chain (kernel/README.md §Ledger). Endpoint 0 applies one transaction,
; the event payload (16 bytes, in slot 0):
;   @0 u8 op (1 mint, 2 transfer, 3 balance)   @1 u8 from   @2 u8 to   @4 u32 work   @8 u64 amount
; Balances live in files, one per account (0…255): the File caps sit in a CNode in slot 32.
; A transfer runs a worker Instance (spawned per transaction from the pinned Image in slot 20)
; on its own gas meter (id 1) with TX_GAS to start; when it runs out of gas the chain catches the
; OOG marker, charges the sender FEE and tops the meter up by TOPUP (at most MAX_TOPUPS times),
; else drops the paused worker and the transfer fails.
; Replies: mint 0; transfer 0 ok, 1 insufficient funds, 2 out of gas, 4 worker faulted;
; balance: the balance; 3 unknown op. Statistics live in the Data mapped at STATS (slot 26),
; written back by the kernel at REPLY.

.equ TX, 0x10000             ; the transaction, copied from the payload
.equ BAL, 0x10100            ; a balance being read or written
.equ STATS, 0x20000          ; u64 counters: +0 txs, +8 failed, +16 checksum, +24 minted, +32 fees, +40 top-ups
.equ DIR, 32                 ; slot of the accounts CNode
.equ DIRREF, 0x12000         ; NESTED | DIR << 8: add the account for its File's slot
.equ WORKER_IMAGE, 20        ; pinned: the worker Image
.equ SPAWN_CNODE, 24         ; the worker's cnode while it is built
.equ SPAWN_METER_REF, 0x11801 ; NESTED | 24 << 8 | 1: the worker's gas slot
.equ WORKER, 25              ; the worker Instance of this transaction
.equ TMP, 27                 ; a scratch Data slot
.equ METER, 28               ; the transaction's meter handle
.equ TX_GAS, 2000
.equ TOPUP, 2000
.equ MAX_TOPUPS, 3
.equ FEE, 1

entry:
    load_imm r7, 0                  ; READ_DATA_CAP(slot 0, TX, 16)
    load_imm r8, TX
    load_imm r9, 16
    ecalli READ_DATA_CAP
    load_imm r7, 0                  ; the payload is not kept
    ecalli DROP
    load_imm r7, DIR                ; the accounts CNode (E_OCCUPIED once it exists)
    load_imm r8, 8
    ecalli CNODE_MINT
    load_u8 r2, [TX]
    branch_eq_imm r2, 1, op_mint
    fallthrough
dispatch2:
    branch_eq_imm r2, 2, op_transfer
    fallthrough
dispatch3:
    branch_eq_imm r2, 3, op_balance
    load_imm r7, 3
    ecalli REPLY
    trap                            ; (REPLY does not return; labels need a block start)

; ---- balance: reply with the balance of `from`
op_balance:
    load_u8 r7, [TX + 1]
    call get_balance
    ecalli REPLY
    trap

; ---- mint: to += amount
op_mint:
    load_u64 r2, [STATS]
    add_imm_64 r2, r2, 1
    store_u64 [STATS], r2
    load_u8 r7, [TX + 2]
    call get_balance
    load_u64 r8, [TX + 8]
    add_64 r8, r7, r8
    load_u8 r7, [TX + 2]
    call set_balance
    load_u64 r2, [STATS + 24]
    load_u64 r3, [TX + 8]
    add_64 r2, r2, r3
    store_u64 [STATS + 24], r2
    load_imm r7, 0
    ecalli REPLY
    trap

; ---- transfer: run the worker under a per-transaction meter, then move the amount
op_transfer:
    load_u64 r2, [STATS]
    add_imm_64 r2, r2, 1
    store_u64 [STATS], r2
    load_imm r7, 1                  ; MintGas(1) → slot 0
    load_imm r11, SLOT_MINT_GAS
    load_imm r12, 0
    ecalli CALL
    load_imm r7, TX_GAS             ; SetGasMeter(slot 0, TX_GAS): taken from the chain's meter
    load_imm r11, SLOT_SET_GAS_METER
    load_imm r12, 0
    ecalli CALL
    load_imm r7, 0                  ; keep the handle in METER
    load_imm r8, METER
    ecalli MOVE
    load_imm r7, SPAWN_CNODE        ; a cnode for the worker, its gas slot 1 = the meter
    load_imm r8, 8
    ecalli CNODE_MINT
    load_imm r7, METER
    load_imm r8, SPAWN_METER_REF
    ecalli COPY
    load_imm r7, WORKER_IMAGE       ; DERIVE_SPAWN(worker image, cnode, WORKER)
    load_imm r8, SPAWN_CNODE
    load_imm r9, WORKER
    ecalli DERIVE_SPAWN
    load_u32 r7, [TX + 4]           ; CALL worker(work, amount)
    load_u64 r8, [TX + 8]
    load_imm r11, WORKER
    load_imm r12, 0
    ecalli CALL
    load_imm r6, 0                  ; s1 = top-ups so far
    fallthrough
check:
    branch_eq_imm r8, CALL_OK, worked
    fallthrough
check_paused:
    branch_eq_imm r8, PAUSED, paused
    call cleanup                    ; the worker faulted
    load_imm r7, 4
    jump tx_fail

paused:
    move_reg r5, r7                 ; s0 = the paused handle
    branch_ne_imm r9, CAUSE_OUT_OF_GAS, give_up
    fallthrough
paused2:
    branch_ge_u_imm r6, MAX_TOPUPS, give_up
    fallthrough
paused3:
    load_u8 r7, [TX + 1]            ; the sender pays FEE per top-up
    call get_balance
    branch_lt_u_imm r7, FEE, give_up
    fallthrough
pay_fee:
    add_imm_64 r8, r7, -FEE
    load_u8 r7, [TX + 1]
    call set_balance
    load_u64 r2, [STATS + 32]
    add_imm_64 r2, r2, FEE
    store_u64 [STATS + 32], r2
    load_u64 r2, [STATS + 40]
    add_imm_64 r2, r2, 1
    store_u64 [STATS + 40], r2
    load_imm r7, TOPUP              ; slot 0 holds the meter handle the OOG yield carried
    load_imm r11, SLOT_SET_GAS_METER
    load_imm r12, 0
    ecalli CALL
    add_imm_64 r6, r6, 1
    move_reg r11, r5                ; CALL_RESUME(handle)
    ecalli CALL_RESUME
    jump check

give_up:
    move_reg r7, r5
    ecalli DROP_PAUSED
    call cleanup
    load_imm r7, 2
    jump tx_fail

worked:
    load_u64 r2, [STATS + 16]       ; checksum ^= the worker's digest
    xor r2, r2, r7
    store_u64 [STATS + 16], r2
    call cleanup
    load_u8 r7, [TX + 1]
    call get_balance
    load_u64 r8, [TX + 8]
    branch_lt_u r7, r8, poor
    fallthrough
debit:
    sub_64 r8, r7, r8
    load_u8 r7, [TX + 1]
    call set_balance
    load_u8 r7, [TX + 2]
    call get_balance
    load_u64 r8, [TX + 8]
    add_64 r8, r7, r8
    load_u8 r7, [TX + 2]
    call set_balance
    load_imm r7, 0
    ecalli REPLY
    trap

poor:
    load_imm r7, 1
    fallthrough
tx_fail:                            ; r7 = reply code
    load_u64 r2, [STATS + 8]
    add_imm_64 r2, r2, 1
    store_u64 [STATS + 8], r2
    ecalli REPLY
    trap

; ---- get_balance(r7 = account) → r7. An account without a file has 0.
get_balance:
    add_imm_64 r7, r7, DIRREF       ; HOST_OPEN(account's File, TMP, HostOpen)
    load_imm r8, TMP
    load_imm r9, SLOT_HOST_OPEN
    ecalli HOST_OPEN
    branch_gt_u_imm r7, 8, no_file  ; E_EMPTY / E_NOT_FOUND are huge
    fallthrough
read_file:
    load_imm r7, TMP
    load_imm r8, BAL
    load_imm r9, 8
    ecalli READ_DATA_CAP
    load_imm r7, TMP
    ecalli DROP
    load_u64 r7, [BAL]
    ret
no_file:
    load_imm r7, 0
    ret

; ---- set_balance(r7 = account, r8 = balance). Zero deletes the file (refunding its bytes).
set_balance:
    store_u64 [BAL], r8
    add_imm_64 r3, r7, DIRREF
    load_imm r7, BAL                ; MINT_DATA_CAP(BAL, 8, root quota, TMP)
    load_imm r8, 8
    load_imm r9, SLOT_QUOTA
    load_imm r10, TMP
    ecalli MINT_DATA_CAP
    load_imm r7, TMP                ; HOST_SAVE(TMP, root quota, account's slot, HostSave)
    load_imm r8, SLOT_QUOTA
    move_reg r9, r3
    load_imm r10, SLOT_HOST_SAVE
    ecalli HOST_SAVE
    load_imm r7, TMP
    ecalli DROP
    ret

; ---- cleanup: give the meter's unused gas back to the chain, drop the worker
cleanup:
    load_imm r7, 0
    ecalli DROP
    load_imm r7, METER
    load_imm r8, 0
    ecalli MOVE
    load_imm r7, 0                  ; SetGasMeter(meter, 0): the rest returns to the chain
    load_imm r11, SLOT_SET_GAS_METER
    load_imm r12, 0
    ecalli CALL
    load_imm r7, 0
    ecalli DROP
    load_imm r7, WORKER
    ecalli DROP
    ret
