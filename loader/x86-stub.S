/*
 * x86-stub.S: the code kexec jumps to when an x86_64 bzImage was loaded
 * with kexec_load(2), and the kernel's 64-bit boot protocol expects
 * (Documentation/arch/x86/boot.rst, "64-bit Boot Protocol").
 *
 * kexec's relocate_kernel enters here in 64-bit mode, on identity-mapped
 * page tables that cover all RAM, with interrupts off, but with the old
 * kernel's GDT (by a virtual address no longer mapped) and no stack. The
 * protocol wants a GDT whose selector 0x10 is a flat code segment and
 * 0x18 a flat data segment, CS/DS/ES/SS loaded from them, and %rsi
 * holding the address of struct boot_params. The stub loads its own GDT,
 * takes a stack in the rest of its page and jumps to startup_64, 0x200
 * bytes into the protected-mode kernel.
 *
 * It is position independent (local labels only, so that every reference
 * is resolved within the stub): it runs wherever the segment planner puts
 * it. baton never runs this code itself; the bytes between x86_stub_start
 * and x86_stub_end are copied into a kexec segment, and the two quads at
 * x86_stub_params and x86_stub_entry are filled in first.
 */
	.section .rodata, "a"
	.code64
	.balign 16
	.globl x86_stub_start, x86_stub_end, x86_stub_params, x86_stub_entry
x86_stub_start:
start:
	cli
	cld
	/* the GDT's address is known only here: patch the descriptor */
	leaq	gdt(%rip), %rax
	movq	%rax, gdt_desc + 2(%rip)
	lgdt	gdt_desc(%rip)
	movl	$0x18, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs
	/* the segment is a page: the stack is what follows the code */
	leaq	start + 4096(%rip), %rsp
	/* reload CS with a far return */
	pushq	$0x10
	leaq	1f(%rip), %rax
	pushq	%rax
	lretq
1:
	movq	params(%rip), %rsi
	movq	entry(%rip), %rax
	xorl	%ebx, %ebx
	xorl	%ebp, %ebp
	xorl	%edi, %edi
	jmp	*%rax

	.balign 16
gdt:
	.quad	0			/* null */
	.quad	0			/* unused */
	.quad	0x00af9a000000ffff	/* 0x10: code, 64-bit, flat */
	.quad	0x00cf92000000ffff	/* 0x18: data, flat, writable */
gdt_end:
	.balign 8
	.word	0
gdt_desc:
	.word	gdt_end - gdt - 1
	.quad	0			/* the GDT's address, patched above */
	.balign 8
x86_stub_params:
params:
	.quad	0			/* struct boot_params, physical */
x86_stub_entry:
entry:
	.quad	0			/* startup_64, physical */
x86_stub_end:

	.section .note.GNU-stack, "", @progbits
