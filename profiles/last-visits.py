#!python
# Shows the last three visits to this profile, newest first, this one included.
import time
import api

visitor = api.call('get_visitor')
log_file = '/data/last-visits.txt'

try:
    with open(log_file) as f:
        earlier = [line.rstrip('\n') for line in f if line.strip()]
except FileNotFoundError:
    earlier = []

latest = ['%s at %d' % (visitor, time.time())] + earlier
latest = latest[:3]

print('Last 3 visitors:')
print('<ul>')
for entry in latest:
    print('<li>', entry, '</li>')
print('</ul>')

with open(log_file, 'w') as f:
    f.writelines(entry + '\n' for entry in latest)
