#!python
# Finds the most recent transfer between the owner and the visitor.
import api

owner = api.call('get_self')
visitor = api.call('get_visitor')

for xfer in api.call('get_xfers', username=owner):   # newest first
    if xfer['sender'] == visitor:
        print('You gave me', xfer['amount'], 'zoobars @', xfer['time'])
        break
    if xfer['recipient'] == visitor:
        print('I gave you', xfer['amount'], 'zoobars @', xfer['time'])
        break
else:
    print('We never exchanged zoobars!')
