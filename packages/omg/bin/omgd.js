#!/usr/bin/env node
import '../dist/bundle/omgd.js';
