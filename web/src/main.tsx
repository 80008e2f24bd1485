import { render } from 'preact'
import { Root } from './root.js'
import './app.css'

render(<Root />, document.getElementById('app')!)
