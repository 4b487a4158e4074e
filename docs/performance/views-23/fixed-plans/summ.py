import json,sys
for f in sys.argv[1:]:
    d=json.load(open(f)); print('==',f)
    print(f"   {'call':34s} {'p50':>8s} {'p95':>8s} {'p99':>8s} {'samples':>8s}")
    for b in sorted(d,key=lambda b:b['benchmark']):
        m=b['primaryMetric']; pc=m.get('scorePercentiles',{})
        n=sum(len(x) for x in m.get('rawDataHistogram',[[]])[0]) if 'rawDataHistogram' in m else 0
        name=b['benchmark'].split('.')[-1]
        if b['mode']=='ss':
            raw=[v for fork in m['rawData'] for v in fork]
            print(f"   {name:34s} forks: "+' '.join(f'{v:.1f}' for v in raw))
        else:
            cnt=sum(c for fork in m['rawDataHistogram'] for it in fork for _,c in it)
            print(f"   {name:34s} {pc['50.0']:8.1f} {pc['95.0']:8.1f} {pc['99.0']:8.1f} {cnt:8d}")
