#!/usr/bin/env node
import '../dist/bundle/venom.js';
