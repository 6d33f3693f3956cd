#!/usr/bin/env node
import '../dist/bundle/omg.js';
