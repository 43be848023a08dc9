#!python
# Gives each visitor one of the owner's zoobars, at most once a minute per
# visitor, while the owner has any and the visitor has 20 or fewer.
import json
import sys
import time
import api

owner = api.call('get_self')
visitor = api.call('get_visitor')

me = api.call('get_user_info', username=owner)
if me['zoobars'] <= 0:
    print('Sorry, I have no more zoobars')
    sys.exit()

you = api.call('get_user_info', username=visitor)
if you['zoobars'] > 20:
    print('You have', you['zoobars'], 'already; no need for more')
    sys.exit()

grants_file = '/data/granted.json'
try:
    with open(grants_file) as f:
        granted = json.load(f)
except FileNotFoundError:
    granted = {}

now = time.time()
last = granted.get(visitor, 0)
if now - last < 60:
    print('I gave you a zoobar %.1f seconds ago' % (now - last))
    sys.exit()

api.call('xfer', target=visitor, zoobars=1)
granted[visitor] = now
with open(grants_file, 'w') as f:
    json.dump(granted, f)
print('Thanks for visiting.  I gave you one zoobar.')
