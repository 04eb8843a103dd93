#!/usr/bin/env python3
# Counts the 64-byte chunks (from each text's start) of a JSONL corpus that pass the kernel's
# grouped-base64 class test (b64groups.go, bit 0x40 of kernelTables.url) without and with the tab
# (b64fold.go), those with a digit, + or / too, and those that reach the fold test (grpfold).
# Usage: python3 benchmarks/fold_chunk_count.py corpus.jsonl
import json,sys
b64=set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
old=b64|set(b" \n>")
new=old|set(b"\t")
dig=set(b"0123456789+/")
tot=po=pn=do=dn=tab=0
for l in open(sys.argv[1],'rb'):
    t=json.loads(l).get('text')
    if not isinstance(t,str): continue
    t=t.encode('utf-8','surrogatepass')
    for i in range(0,len(t)-63,64):
        c=t[i:i+64]; s=set(c); tot+=1
        a=s<=old; b=s<=new
        po+=a; pn+=b
        hd=bool(s&dig)
        do+=a and hd; dn+=b and hd
        tab+= b and hd and (9 in s)
print("chunks",tot,"class old",po,"new",pn,"(+%d)"%(pn-po),"class+digit old",do,"new",dn,"(+%d)"%(dn-do),"to grpfold",tab)
